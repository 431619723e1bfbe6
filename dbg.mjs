import { readFileSync } from 'node:fs';
import { parse as parseCsv } from 'csv-parse/sync';
import { parse as parseYaml } from 'yaml';
const S = await import('./dist/src/match/score.js');
const Y = await import('./dist/src/match/synonyms.js');
const rows = parseCsv(readFileSync('eval/data/aids-periurban.csv', 'utf8'), { columns: true });
const net = parseYaml(readFileSync('eval/data/network-calls.yaml', 'utf8')).calls.map((c) => ({ title: c.title, summary: c.summary, body: '' }));
const calls = [...net, ...rows.map((r) => ({ title: r['Nom'], summary: '', body: r['Descriptif'] }))].map((c, i) => ({ ...c, id: i + 1, funder: 'other', regions: [], status: 'open', nextDeadline: null }));
const an = calls.map(S.analyseCall); const st = S.computeStats(an);
const p = parseYaml(readFileSync('eval/data/profiles.yaml', 'utf8')).profiles.find((p) => p.key === process.argv[2]);
const cp = S.compileProfile({ id: 1, name: 'x', keywords: p.keywords, exclude: [], categories: [], regions: [], minScore: 0, description: p.description }, Y.loadSynonymsFile('synonyms.yaml'));
const a = an.find((a) => a.call.title.startsWith(process.argv[3]));
for (const t of cp.terms) for (const alt of t.alternatives) { const c = S.fieldCounts(alt, a.fields); if (c[0]+c[1]+c[2] > 0) console.log(t.text, t.source, 'q' + t.quorum, alt.tokens.join(' '), c.join(','), S.alternativeIdf(alt, st).toFixed(2), alt.strong, alt.relation); }
console.log(S.scoreAnalysed(a, cp, st, '0000')?.score);
