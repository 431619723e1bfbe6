// `fundwatch match`: rescore every open call against every active profile and print one summary line.
import { matchAll } from '../match/run.js';
import { withContext } from './run.js';

export async function match(): Promise<void> {
  const summary = await withContext((ctx) => matchAll(ctx));
  const seconds = (summary.durationMs / 1000).toFixed(1).replace('.', ',');
  process.stdout.write(
    `${summary.profiles} profils × ${summary.calls} appels ouverts : ${summary.matches} correspondances ` +
      `(${summary.removed} retirées) en ${seconds} s\n`,
  );
}
