// Builds vocabulary/eurovoc-fr.json from EuroVoc's SKOS data converted to YAML (eurovoc.yaml of the public
// repository benoitdavidfr/eurovoc, EuroVoc of 2021-06-04): for each concept that has French « used for » labels, its
// French preferred label and those labels, as equivalents in synonyms.yaml's format. Only equivalents: EuroVoc's
// broader, narrower and related links are written for EU legislation, and as a fallback they added nothing that the
// equivalents did not (eval/fresh2's development half). Labels that analyse alike are merged, forms that analyse as
// their concept's label are dropped, so that the concepts validate as synonyms.yaml's do. JSON, not YAML: it is
// generated, never edited, and read at every start by the service and each worker (readVocabularyFile).
//   node vocabulary/build-eurovoc.mjs path/to/eurovoc.yaml   (after `npx tsc -p .`)
import { readFileSync, writeFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { analyse } from '../dist/src/match/analyse.js';
import { parseSynonymsText } from '../dist/src/match/synonyms.js';

const source = process.argv[2];
if (!source) throw new Error('usage: node vocabulary/build-eurovoc.mjs path/to/eurovoc.yaml');
const concepts = parse(readFileSync(source, 'utf8'), { maxAliasCount: -1 }).concepts;
const key = (text) => analyse(String(text)).join(' ');
const byLabel = new Map();
for (const concept of Object.values(concepts)) {
  const label = concept.prefLabel?.fr;
  const labelKey = label ? key(label) : '';
  if (!labelKey) continue;
  let entry = byLabel.get(labelKey);
  if (!entry) byLabel.set(labelKey, (entry = { concept: String(label), equivalents: new Map() }));
  for (const alt of concept.altLabel?.fr ?? []) {
    const altKey = key(alt);
    if (altKey && altKey !== labelKey) entry.equivalents.set(altKey, String(alt));
  }
}
const out = [...byLabel.values()].filter((e) => e.equivalents.size > 0).map((e) => ({ concept: e.concept, equivalents: [...e.equivalents.values()] }));
const attribution =
  "© Union européenne, EuroVoc (eurovoc.europa.eu), version du 2021-06-04. Réutilisation autorisée sous réserve de mentionner la source (décision 2011/833/UE de la Commission). Libellés français et équivalents (« employé pour ») seulement, convertis par vocabulary/build-eurovoc.mjs depuis le fichier eurovoc.yaml du dépôt public benoitdavidfr/eurovoc. Ne pas modifier à la main : l'équipe édite synonyms.yaml ; ce fichier ne sert que pour un mot-clé que synonyms.yaml ne connaît pas.";
const { issues } = parseSynonymsText(stringify({ concepts: out }), 'eurovoc-fr.json');
if (issues.length > 0) throw new Error(`${issues.length} problems, first: ${issues[0].message}`);
writeFileSync(new URL('./eurovoc-fr.json', import.meta.url), `${JSON.stringify({ attribution, concepts: out }, null, 0).replace(/\},\{/g, '},\n{')}\n`);
console.log(`${out.length} concepts written`);
