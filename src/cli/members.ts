// `fundwatch members import FILE`: create or update members and their profiles from a CSV or YAML file.
import { matchAll } from '../match/run.js';
import { applyImport, MembersImportError, readMembersFile, type ImportSummary } from '../members/import.js';
import { withContext } from './run.js';

function plural(n: number, word: string): string {
  return `${n} ${word}${n > 1 ? 's' : ''}`;
}

export function formatImportSummary(s: ImportSummary): string {
  return (
    `membres : ${plural(s.created, 'créé')}, ${s.updated} mis à jour ; profils : ${plural(s.profilesCreated, 'créé')}, ${plural(s.profilesReplaced, 'remplacé')} ` +
    `(members: created ${s.created}, updated ${s.updated})`
  );
}

export async function importMembers(file: string): Promise<void> {
  let members;
  try {
    members = readMembersFile(file);
  } catch (error) {
    if (!(error instanceof MembersImportError)) throw error;
    // Every problem, one per line, so staff fix the file in one go; nothing was written.
    process.stderr.write(`${error.message}\nfundwatch: import annulé, rien n'a été enregistré (${plural(error.issues.length, 'erreur')}).\n`);
    process.exit(1);
  }
  await withContext((ctx) => {
    const summary = applyImport(ctx.db, members);
    process.stdout.write(`${formatImportSummary(summary)}\n`);
    if (summary.profileIds.length === 0) return;
    try {
      // New and replaced profiles get their matches now rather than at the next scheduled run.
      matchAll(ctx);
    } catch (error) {
      ctx.log.error({ err: error }, 'members imported, but scoring failed: run `fundwatch match`');
    }
  });
}
