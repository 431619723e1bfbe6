// `fundwatch match`: rescore every open call against every active profile and print one summary line.
import { lastThesaurusProblem, matchAll } from '../match/run.js';
import { withContext } from './run.js';

export async function match(): Promise<void> {
  const summary = await withContext((ctx) => matchAll(ctx));
  const seconds = (summary.durationMs / 1000).toFixed(1).replace('.', ',');
  process.stdout.write(
    `${summary.profiles} profils × ${summary.calls} appels ouverts : ${summary.matches} correspondances ` +
      `(${summary.removed} retirées) en ${seconds} s\n`,
  );
  // The run carried on without the thesaurus: staff must hear it in one line, not find it in the logs.
  const problem = lastThesaurusProblem();
  if (problem) process.stderr.write(`fundwatch: attention : ${problem}\n`);
}
