// A JSON API source at scale: 5,000 items on 50 pages (offset paging with a total), read by the json reader
// (request building, decoding, JSON parsing, paging, mapping and folding) against JSON.parse alone on the same pages.
// The timed read gets its pages from memory: on this machine one local HTTP request costs about as much as parsing
// a page, so over HTTP the row would measure the loopback, not the reader. The same read over real HTTP on
// 127.0.0.1 is timed too and given in the notes; the polite pause between pages (a wait, not work) is in neither.
// Both sides get the same warm-up, the same number of runs, interleaved, each from an empty young generation and
// paying for the collection of what it leaves (see bench/RESULTS.md, « JSON source »).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Fetcher } from '../../src/reader/fetcher/index.js';
import { readJsonSource, utf8Text, type JsonReadResult } from '../../src/reader/json/read.js';
import { resolveSpec } from '../../src/reader/json/spec.js';
import { silentLogger } from '../../src/log.js';
import { collectGarbage, collectYoungGarbage, count, formatRate, formatRatio, formatSeconds, timed, type Row, type Scenario, type Sizes } from '../harness.js';

const TARGET = 'within 3x of JSON.parse alone';
const PAGE_SIZE = 100;

function itemsFor(sizes: Sizes): number {
  return sizes.quick ? 500 : 5_000;
}

function workload(sizes: Sizes): string {
  const items = itemsFor(sizes);
  return `JSON source, ${count(items)} items on ${items / PAGE_SIZE} pages`;
}

/** Pages shaped like an open data portal's records (ODS v2.1): `{total_count, results}`, dates as UTC instants. */
function pages(total: number): string[] {
  const out: string[] = [];
  for (let offset = 0; offset < total; offset += PAGE_SIZE) {
    const results = Array.from({ length: Math.min(PAGE_SIZE, total - offset) }, (_, k) => {
      const i = offset + k;
      return {
        id_aide: `aide-${i}`,
        nom_de_l_aide_de_la_demarche: `Appel à projets n°${i} : inclusion numérique et médiation`,
        reference_administrative: 10_000 + i,
        chapo_txt: `Soutien aux associations qui accompagnent les publics éloignés du numérique (${i}). `.repeat(6),
        date_cloture: `2027-${String((i % 12) + 1).padStart(2, '0')}-1${i % 10}T22:00:00+00:00`,
        date_ouverture: '2027-01-05T23:00:00+00:00',
        porteur_aide: 'Région',
        theme: ['Numérique', 'Solidarité'],
      };
    });
    out.push(JSON.stringify({ total_count: total, results }));
  }
  return out;
}

async function startApi(bodies: string[]): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/records') return void res.writeHead(404).end();
    const page = Math.floor(Number(url.searchParams.get('offset') ?? 0) / PAGE_SIZE);
    res.writeHead(200, { 'content-type': 'application/json' }).end(bodies[page] ?? JSON.stringify({ total_count: 0, results: [] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/records`, server };
}

const WARM_UPS = 10;

/** Repetitions of each side: enough that a 12 ms read, more exposed to preemption than a 4 ms parse, gets quiet slots. */
function roundsFor(sizes: Sizes): number {
  return sizes.quick ? 10 : 60;
}

interface Timing<T> {
  result: T;
  seconds: number;
  cpuSeconds: number;
}

/**
 * One run, from an empty young generation, with the scavenge of what it left counted: each side pays for collecting
 * its own garbage (the read keeps 5,000 items, the parse nothing), not for the other side's.
 */
async function timedRun<T>(work: () => Promise<T>): Promise<Timing<T>> {
  collectYoungGarbage();
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  const result = await work();
  collectYoungGarbage();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const used = process.cpuUsage(cpu);
  return { result, seconds, cpuSeconds: (used.user + used.system) / 1e6 };
}

/**
 * Every side treated alike: the same warm-up, the same number of runs, interleaved (the order turning each round) so
 * that a busy moment of the machine falls on all of them; best wall time and best CPU time of each.
 */
async function bestOfInterleaved(sides: (() => Promise<unknown>)[], rounds: number): Promise<Timing<unknown>[]> {
  for (let i = 0; i < WARM_UPS; i++) for (const side of sides) await side();
  const best: (Timing<unknown> | null)[] = sides.map(() => null);
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < sides.length; k++) {
      const at = (round + k) % sides.length;
      const next = await timedRun(sides[at]!);
      const kept = best[at];
      best[at] = kept === null ? next : { ...(next.seconds < kept.seconds ? next : kept), cpuSeconds: Math.min(kept.cpuSeconds, next.cpuSeconds) };
    }
  }
  return best as Timing<unknown>[];
}

async function run(sizes: Sizes): Promise<Row[]> {
  const total = itemsFor(sizes);
  const bodies = pages(total);
  const { url, server } = await startApi(bodies);
  try {
    const spec = resolveSpec(
      {
        items: 'results',
        fields: {
          id: 'id_aide',
          title: 'nom_de_l_aide_de_la_demarche',
          url: 'https://www.iledefrance.fr/aides-et-appels-a-projets/{reference_administrative}',
          summary: 'chapo_txt',
          deadline: 'date_cloture',
          opens: 'date_ouverture',
          funder_name: 'porteur_aide',
        },
        pagination: { style: 'offset', param: 'offset', size_param: 'limit', size: PAGE_SIZE, total: 'total_count', max_pages: 1_000 },
      },
      url,
      {},
    );
    const httpFetcher = new Fetcher({ userAgent: 'fundwatch-bench', hostDelayMs: 0, concurrency: 4 });
    // Answers each page from memory as the fetcher would (same FetchedPage); only `get` is used by the reader.
    // The bytes are encoded once, before timing: a fetcher receives bytes, and encoding 4 MiB of text on every
    // read (about 2.5 ms here) was the stand-in's work counted as the reader's.
    const bytes = bodies.map((body) => Buffer.from(body));
    const emptyPage = Buffer.from('{"total_count":0,"results":[]}');
    const memory = {
      get: async (pageUrl: string) => {
        const offset = Number(new URL(pageUrl).searchParams.get('offset') ?? 0);
        const body = bytes[Math.floor(offset / PAGE_SIZE)] ?? emptyPage;
        return { url: pageUrl, notModified: false, etag: null, lastModified: null, contentType: 'application/json', body };
      },
    } as unknown as Fetcher; // a structural stand-in: readJsonSource calls get() only
    const options = { sourceId: 'bench-json', timeZone: 'Europe/Paris', env: {}, log: silentLogger };
    const read = () => readJsonSource(memory, spec, options);
    const parseAlone = () => {
      let items = 0;
      for (const body of bodies) items += (JSON.parse(body) as { results: unknown[] }).results.length;
      return Promise.resolve(items);
    };
    collectGarbage(); // the pages just built and the server's start leave garbage that neither side should meet
    // What the reader does that the baseline does not, measured alike: decoding the bytes it receives, then parsing.
    const decodeAlone = () => Promise.resolve(bytes.reduce((n, page) => n + utf8Text(page).length, 0));
    const decodeAndParse = () => Promise.resolve(bytes.reduce((n, page) => n + (JSON.parse(utf8Text(page)) as { results: unknown[] }).results.length, 0));
    const [reader, baseline, decoded, decodedParsed] = (await bestOfInterleaved([read, parseAlone, decodeAlone, decodeAndParse], roundsFor(sizes))) as [
      Timing<JsonReadResult>,
      Timing<number>,
      Timing<number>,
      Timing<number>,
    ];
    // Over HTTP after the in-memory sides, so its sockets and buffers are not in their heap.
    await readJsonSource(httpFetcher, spec, options); // warm robots.txt and connections
    const overHttp = await timed(() => readJsonSource(httpFetcher, spec, options));
    const ratio = reader.seconds / baseline.seconds;
    const cpuRatio = reader.cpuSeconds / baseline.cpuSeconds;
    const mb = (bodies.reduce((n, b) => n + Buffer.byteLength(b), 0) / 1024 / 1024).toFixed(1);
    return [
      {
        stage: 'json source, read',
        workload: workload(sizes),
        figure: `${formatRate(reader.result.items.length / reader.seconds, 'items')}, ${formatSeconds(reader.seconds)}`,
        baseline: `JSON.parse alone: ${formatSeconds(baseline.seconds)} (${formatRate(baseline.result / baseline.seconds, 'items')})`,
        ratio: `${formatRatio(ratio)} the parse time`,
        target: TARGET,
        met: ratio <= 3,
        notes: [
          `${count(reader.result.items.length)} items mapped from ${reader.result.pages} pages (${mb} MiB of JSON), pages from memory; read and baseline (and the decoding parts below) warmed ${WARM_UPS} times each, then best of ${roundsFor(sizes)} each, interleaved, ${typeof (globalThis as { gc?: unknown }).gc === 'function' ? 'the young generation collected before each run and its collection after the run counted' : 'no collection between runs (this process was started without --expose-gc)'}.`,
          `the reader receives bytes: decoding them alone (UTF-8 to text, as the reader does) ${formatSeconds(decoded.seconds)} (${formatRatio(decoded.seconds / baseline.seconds)}), decoding and JSON.parse ${formatSeconds(decodedParsed.seconds)} (${formatRatio(decodedParsed.seconds / baseline.seconds)}); the rest of the read (paging, mapping and folding, collecting the items it keeps) ${formatSeconds(Math.max(0, reader.seconds - decodedParsed.seconds))}.`,
          `in CPU time (process time, best of the same runs; what other processes take from this one is not in it): read ${formatSeconds(reader.cpuSeconds)}, JSON.parse alone ${formatSeconds(baseline.cpuSeconds)}, ${formatRatio(cpuRatio)} the parse time.`,
          `the same read over HTTP on 127.0.0.1 (fetcher with robots.txt, no pause between pages): ${formatSeconds(overHttp.seconds)}, ${formatRatio(overHttp.seconds / baseline.seconds)} the parse time; the pause between pages (1 s per host by default) is not counted.`,
        ],
      },
    ];
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

export const jsonScenario: Scenario = {
  name: 'json',
  plan: [{ stage: 'json source, read', workload, target: TARGET }],
  run,
};
