// `fundwatch sources check [FILE]` and `fundwatch sources test ID`.
import type { Amount } from '../calls/types.js';
import { previewSourceReport, type PreviewItem } from '../reader/ingest.js';
import type { JsonReadResult } from '../reader/json/read.js';
import { FIELD_NAMES } from '../reader/json/spec.js';
import { formatIssue, loadSourcesFile, SourcesFileError, type SourceConfig, type SourcesFile } from '../sources/load.js';
import { configOrExit, fail, withContext } from './run.js';

export async function check(file?: string): Promise<void> {
  const path = file ?? configOrExit().feedsPath;
  try {
    const { sources } = loadSourcesFile(path);
    const enabled = sources.filter((s) => s.enabled).length;
    process.stdout.write(`${path} : fichier valide, ${sources.length} source(s) dont ${enabled} activée(s).\n`);
  } catch (error) {
    if (!(error instanceof SourcesFileError)) throw error;
    for (const issue of error.errors) process.stdout.write(`${formatIssue(issue)}\n`);
    process.stderr.write(`fundwatch: ${path} : ${error.errors.length} erreur(s), fichier refusé\n`);
    process.exit(1);
  }
}

export async function test(id: string): Promise<void> {
  const config = configOrExit();
  const source = findSource(loadOrExit(config.feedsPath), id);
  const { items, json } = await withContext((ctx) => previewSourceReport(ctx, source)).catch((error: unknown) => fail(error));
  items.forEach((item, index) => process.stdout.write(formatPreview(item, index)));
  const note = source.enabled ? '' : ' (source désactivée dans feeds.yaml)';
  if (json) process.stdout.write(formatJsonReport(json, items.length));
  const where = json ? ' sur la première page' : '';
  process.stdout.write(`${items.length} annonce(s) trouvée(s)${where} pour ${source.id}${note} ; rien n'a été enregistré.\n`);
}

/** The sources file, or exit 1 with one line pointing to `sources check`. */
export function loadOrExit(path: string): SourcesFile {
  try {
    return loadSourcesFile(path);
  } catch (error) {
    if (!(error instanceof SourcesFileError)) throw error;
    const first = formatIssue(error.errors[0]!);
    const more = error.errors.length > 1 ? ` (et ${error.errors.length - 1} autre(s) erreur(s))` : '';
    return fail(new Error(`fichier des sources invalide : ${first}${more} — lancez « fundwatch sources check »`));
  }
}

/** The source with this id, or exit 1 with one line naming the known ids. */
export function findSource(file: SourcesFile, id: string): SourceConfig {
  const source = file.sources.find((s) => s.id === id);
  if (source) return source;
  const known = file.sources.map((s) => s.id).join(', ');
  return fail(new Error(`source inconnue « ${id} » dans ${file.path} (sources : ${known || 'aucune'})`));
}

function formatPreview(item: PreviewItem, index: number): string {
  const lines = [`${index + 1}. ${item.title}`, `   adresse : ${item.url ?? '(aucune)'}`];
  const others = item.deadlines.filter((d) => d !== item.deadline);
  lines.push(`   date limite : ${item.deadline ?? 'non trouvée'}${others.length > 0 ? ` (autres : ${others.join(', ')})` : ''}`);
  lines.push(`   montant : ${formatAmount(item.amount)}`);
  return `${lines.join('\n')}\n`;
}

/** For a json source: which fields came out empty, how many items were skipped, what paging said. */
export function formatJsonReport(json: JsonReadResult, kept: number): string {
  const lines: string[] = [];
  const empty = FIELD_NAMES.filter((name) => json.empty[name] > 0).map((name) => `${name} (${json.empty[name]} sur ${kept})`);
  lines.push(empty.length > 0 ? `champs vides : ${empty.join(', ')}` : 'champs vides : aucun');
  if (json.skipped > 0) lines.push(`${json.skipped} annonce(s) ignorée(s) : sans titre ou sans lien (vérifiez fields.title et fields.url)`);
  for (const note of json.notes) lines.push(`note : ${note}`);
  return `${lines.join('\n')}\n`;
}

const euros = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });

export function formatAmount(amount: Amount | null): string {
  if (!amount || (amount.min === null && amount.max === null)) return 'non trouvé';
  const scope = amount.scope === 'total' ? ' (enveloppe totale)' : amount.scope === 'project' ? ' (par projet)' : '';
  const { min, max } = amount;
  if (min !== null && max !== null && min !== max) return `de ${euros.format(min)} € à ${euros.format(max)} €${scope}`;
  if (max !== null && min === null) return `jusqu'à ${euros.format(max)} €${scope}`;
  if (min !== null && max === null) return `à partir de ${euros.format(min)} €${scope}`;
  return `${euros.format((min ?? max)!)} €${scope}`;
}
