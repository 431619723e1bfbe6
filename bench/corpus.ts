// Benchmark corpora generated from real French funding prose (bench/fixtures/aids-periurban.csv, Aides-territoires,
// ISC licence): titles, sentences and vocabulary are recombined into calls, RSS feeds and member profiles at network
// scale. Deterministic: the same seed and reference day give the same corpus, so runs compare like with like.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Call, FunderType } from '../src/calls/types.js';

/** mulberry32: tiny, fast, good enough to shuffle text; seeded so corpora are reproducible. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Random = () => number;

function pick<T>(random: Random, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)]!;
}

function between(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** The repository root, found from this file whether it runs from bench/ (vitest) or dist/bench/ (npm run bench). */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('bench: cannot find the repository root (no package.json above bench/)');
    dir = parent;
  }
  return dir;
}

/** RFC 4180 CSV: quoted fields may hold commas, doubled quotes and newlines. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

/** One real aid: a topic that generated calls and member profiles are built around. */
export interface Topic {
  title: string;
  sentences: string[];
  /** Its content words that are also in the shared vocabulary. */
  words: string[];
  /** Two-word phrases of its title, for quoted-phrase keywords. */
  phrases: string[];
}

export interface SourceText {
  topics: Topic[];
  /** Every sentence of every aid: funding boilerplate any call may carry. */
  sentences: string[];
  funderNames: string[];
  /** Content words (accents kept, as members type them), at least 5 letters, in two aids or more but not in most. */
  vocabulary: string[];
}

const STOP_WORDS = new Set(
  'alors aussi autre autres avant avec cette ceux chaque comme dans depuis dont elle elles entre être leur leurs mais même nous pour plus sans sont sous tous tout toute toutes très vous ainsi afin auprès celle celles selon lors etc notamment permet permettre'.split(
    ' ',
  ),
);

function foldSpaces(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/[a-zàâäçéèêëîïôöùûüÿœæ]+(?:-[a-zàâäçéèêëîïôöùûüÿœæ]+)*/g) ?? [];
}

function isContentWord(word: string): boolean {
  return word.length >= 5 && !STOP_WORDS.has(word);
}

function sentencesOf(description: string): string[] {
  return foldSpaces(description)
    .split(/(?<=[.!?;:])\s+(?=[A-ZÀÂÉÈÊÎÔÛÇ])/)
    .map(foldSpaces)
    .filter((s) => s.length >= 40 && s.length <= 400);
}

function titlePhrases(title: string): string[] {
  const words = wordsOf(title);
  return words.slice(0, -1).flatMap((word, i) => (isContentWord(word) && isContentWord(words[i + 1]!) ? [`${word} ${words[i + 1]}`] : []));
}

let cachedText: SourceText | null = null;

/** Reads and splits the real aids once per process. */
export function loadSourceText(): SourceText {
  if (cachedText) return cachedText;
  const [header, ...rows] = parseCsv(readFileSync(join(repoRoot(), 'bench/fixtures/aids-periurban.csv'), 'utf8'));
  const column = (name: string): number => header!.indexOf(name);
  const [titleAt, funderAt, descriptionAt] = [column('Nom'), column('Financeurs'), column('Descriptif')];
  const aids = rows
    .filter((r) => r.length === header!.length)
    .map((r) => ({ title: foldSpaces(r[titleAt]!), description: r[descriptionAt]!, funders: r[funderAt]! }))
    .filter((aid) => aid.title.length > 10);
  const documentFrequency = new Map<string, number>();
  for (const aid of aids) {
    for (const word of new Set(wordsOf(`${aid.title} ${aid.description}`).filter(isContentWord))) {
      documentFrequency.set(word, (documentFrequency.get(word) ?? 0) + 1);
    }
  }
  // Words found in many aids ("projets", "communes", "subvention") would make most calls fit most profiles; members
  // describe their projects with sharper words.
  const maxDf = Math.max(2, Math.floor(aids.length * 0.04));
  const vocabulary = [...documentFrequency].filter(([, df]) => df >= 2 && df <= maxDf).map(([word]) => word).sort();
  const inVocabulary = new Set(vocabulary);
  const topics = aids.map((aid) => ({
    title: aid.title,
    sentences: sentencesOf(aid.description),
    words: [...new Set(wordsOf(`${aid.title} ${aid.description}`))].filter((w) => inVocabulary.has(w)),
    phrases: titlePhrases(aid.title),
  }));
  const funderNames = [...new Set(aids.flatMap((aid) => aid.funders.split(';').map(foldSpaces)).filter((f) => f.length > 2))];
  cachedText = { topics, sentences: topics.flatMap((t) => t.sentences), funderNames, vocabulary };
  return cachedText;
}

export const REGIONS = [
  'Auvergne-Rhône-Alpes',
  'Bourgogne-Franche-Comté',
  'Bretagne',
  'Centre-Val de Loire',
  'Grand Est',
  'Hauts-de-France',
  'Île-de-France',
  'Normandie',
  'Nouvelle-Aquitaine',
  'Occitanie',
  'Pays de la Loire',
  "Provence-Alpes-Côte d'Azur",
] as const;

const FUNDERS: readonly FunderType[] = ['eu', 'state', 'region', 'department', 'municipality', 'foundation', 'company', 'other'];
const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
const TITLE_PREFIXES = ['', '', '', 'Appel à projets : ', 'AMI : ', 'Appel à candidatures — ', 'Fonds de soutien : '];
const TITLE_SUFFIXES = ['', '', '', ' (édition 2027)', ' — session de printemps', ' — deuxième vague', ' en milieu rural', ' dans les quartiers prioritaires'];

export interface BenchCall {
  title: string;
  summary: string;
  body: string;
  url: string;
  funder: FunderType;
  funderName: string;
  regions: string[];
  categories: string[];
  /** YYYY-MM-DD, ascending; empty when the call states none. */
  deadlines: string[];
  amountMin: number | null;
  amountMax: number | null;
  publishedAt: string;
  /** The sentences a funder would write about the deadline and the amount (the feed carries them). */
  deadlineText: string;
  amountText: string;
}

function addDays(day: Date, days: number): Date {
  return new Date(day.getTime() + days * 86_400_000);
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Mostly the topic's own sentences (a call is about one thing), now and then general funding prose. */
function sentencesFrom(random: Random, text: SourceText, topic: Topic, min: number, max: number): string {
  return Array.from({ length: between(random, min, max) }, () =>
    topic.sentences.length > 0 && random() < 0.85 ? pick(random, topic.sentences) : pick(random, text.sentences),
  ).join(' ');
}

function frenchAmount(n: number): string {
  return `${n.toLocaleString('fr-FR').replace(/\s/g, ' ')} €`;
}

/** One call about one real aid's topic, built from its title and sentences; `index` makes URL and title unique. */
function generateCall(random: Random, text: SourceText, index: number, today: Date): BenchCall {
  const topic = pick(random, text.topics);
  const published = addDays(today, -between(random, 0, 60));
  const deadline = random() < 0.8 ? addDays(today, between(random, 7, 300)) : null;
  const amountMax = random() < 0.6 ? between(random, 2, 200) * 1000 : null;
  const funderName = pick(random, text.funderNames);
  const title = `${pick(random, TITLE_PREFIXES)}${topic.title}${pick(random, TITLE_SUFFIXES)} n° ${index + 1}`;
  const regionCount = random() < 0.3 ? 0 : between(random, 1, 2);
  const deadlineText = deadline
    ? `Date limite de dépôt des dossiers : ${deadline.getUTCDate()} ${MONTHS[deadline.getUTCMonth()]} ${deadline.getUTCFullYear()} à midi.`
    : 'Dépôt des dossiers au fil de l’eau.';
  const amountText = amountMax ? `La subvention peut atteindre ${frenchAmount(amountMax)} par projet.` : '';
  return {
    title,
    summary: `${sentencesFrom(random, text, topic, 1, 3)} ${amountText}`.trim(),
    body: `${sentencesFrom(random, text, topic, 3, 8)} ${deadlineText}`,
    url: `https://aides.example.org/appels/${index + 1}-${title
      .toLowerCase()
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^a-z0-9]+/g, '-')
      .slice(0, 60)}`,
    funder: pick(random, FUNDERS),
    funderName,
    regions: Array.from({ length: regionCount }, () => pick(random, REGIONS)).filter((r, i, all) => all.indexOf(r) === i),
    categories: [],
    deadlines: deadline ? [isoDay(deadline)] : [],
    amountMin: null,
    amountMax,
    publishedAt: published.toISOString(),
    deadlineText,
    amountText,
  };
}

/** `count` calls; `firstIndex` lets a second batch (the "new calls" of a refresh) stay distinct from the first. */
export function generateCalls(count: number, options: { seed: number; today: Date; firstIndex?: number }): BenchCall[] {
  const random = seededRandom(options.seed);
  const text = loadSourceText();
  const first = options.firstIndex ?? 0;
  return Array.from({ length: count }, (_, i) => generateCall(random, text, first + i, options.today));
}

export interface BenchProfile {
  name: string;
  keywords: string[];
  /** The project in the member's words (issue 15): two sentences of the profile's first topic. */
  description: string;
  exclude: string[];
  regions: string[];
}

/**
 * A member's profile: 5–15 keywords about one or two real topics (as a member describes their projects), a few
 * from the wider vocabulary, some as quoted phrases, some weighted.
 */
function generateProfile(random: Random, text: SourceText, index: number): BenchProfile {
  const topics = Array.from({ length: between(random, 1, 2) }, () => pick(random, text.topics)).filter((t) => t.words.length > 0);
  const keywords = new Set<string>();
  const wanted = between(random, 5, 15);
  for (let tries = 0; keywords.size < wanted && tries < 100; tries++) {
    const topic = topics.length > 0 ? pick(random, topics) : null;
    const roll = random();
    const word = topic && roll < 0.8 ? pick(random, topic.words) : pick(random, text.vocabulary);
    if (topic && roll < 0.15 && topic.phrases.length > 0) keywords.add(`"${pick(random, topic.phrases)}"`);
    else if (roll > 0.9) keywords.add(`${word}^2`);
    else keywords.add(word);
  }
  // Taken without drawing from `random`, so the rest of every profile is what it was before descriptions existed.
  const description = (topics[0]?.sentences ?? []).slice(0, 2).join(' ').slice(0, 2000);
  return {
    name: `Projet ${index + 1}`,
    keywords: [...keywords],
    description,
    exclude: random() < 0.2 ? [pick(random, text.vocabulary)] : [],
    regions: random() < 0.5 ? [pick(random, REGIONS)] : [],
  };
}

export function generateProfiles(count: number, seed: number): BenchProfile[] {
  const random = seededRandom(seed);
  const text = loadSourceText();
  return Array.from({ length: count }, (_, i) => generateProfile(random, text, i));
}

function xmlEscape(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** An RSS 2.0 document as a funder's site would publish it: deadline and amount written in the description. */
export function rssFeed(feedIndex: number, calls: readonly BenchCall[]): string {
  const items = calls
    .map(
      (call, i) => `    <item>
      <title>${xmlEscape(call.title)}</title>
      <link>${xmlEscape(call.url)}</link>
      <guid isPermaLink="false">feed-${feedIndex}-item-${i}</guid>
      <pubDate>${new Date(call.publishedAt).toUTCString()}</pubDate>
      <category>${xmlEscape(call.funderName)}</category>
      <description>${xmlEscape(`<p>${call.summary}</p><p>${call.body}</p>`)}</description>
    </item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>Appels à projets — financeur ${feedIndex + 1}</title>
    <link>https://financeur-${feedIndex + 1}.example.org/</link>
    <description>Les appels à projets et aides publiés par le financeur ${feedIndex + 1}</description>
    <language>fr</language>
${items}
  </channel>
</rss>
`;
}

/** A generated call as the rest of fundwatch sees a stored one (for pure stages that need no database). */
export function asStoredCall(call: BenchCall, id: number, now: Date): Call {
  const at = now.toISOString();
  return {
    id,
    canonicalUrl: call.url,
    title: call.title,
    summary: call.summary,
    body: call.body,
    funder: call.funder,
    funderName: call.funderName,
    regions: call.regions,
    categories: call.categories,
    deadlines: call.deadlines,
    nextDeadline: call.deadlines[0] ?? null,
    amount: call.amountMax === null ? null : { min: call.amountMin, max: call.amountMax, currency: 'EUR', scope: 'project' },
    opens: null,
    rate: null,
    recurrence: null,
    euFunds: [],
    publishedAt: call.publishedAt,
    status: 'open',
    firstSeenAt: at,
    lastSeenAt: at,
    updatedAt: at,
    sources: [{ id: 'bench-generated', name: call.funderName, url: call.url }],
  };
}
