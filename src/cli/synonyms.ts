// `fundwatch synonyms check [FILE]`: validates the thesaurus (synonyms.yaml) as staff edit it.
import { synonymsFile } from '../match/run.js';
import { formatSynonymsIssue, formatSynonymsWarning, readSynonymsFile, SynonymsFileError } from '../match/synonyms.js';

export async function check(file?: string): Promise<void> {
  const path = file ?? synonymsFile();
  try {
    const { table, warnings } = readSynonymsFile(path, { warnings: true });
    // Warnings first, each as FILE:LINE like the errors; the file is still valid and the command exits 0.
    for (const warning of warnings) process.stdout.write(`${formatSynonymsWarning(warning)}\n`);
    const expressions = table.conceptsByTokens.size + table.byTokens.size;
    const groups = table.groups.length > 0 ? `, ${table.groups.length} groupe(s) de synonymes (ancien format)` : '';
    const noted = warnings.length > 0 ? `, ${warnings.length} avertissement(s)` : '';
    process.stdout.write(`${path} : fichier valide, ${table.concepts.length} concept(s)${groups}, ${expressions} expression(s)${noted}.\n`);
  } catch (error) {
    if (!(error instanceof SynonymsFileError)) throw error;
    for (const issue of error.issues) process.stdout.write(`${formatSynonymsIssue(issue)}\n`);
    process.stderr.write(`fundwatch: ${path} : ${error.issues.length} erreur(s), fichier refusé\n`);
    process.exit(1);
  }
}
