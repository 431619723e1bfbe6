// Local stand-ins for the APIs json sources read, written by hand from their documented shapes (no recorded
// payload): EU Funding & Tenders search (SEDIA), an OpenDataSoft portal (Explore v2.1) and Aides-territoires v1.8.
// Each behaves as documented where it matters to a reader: paging, token exchange, multipart parts, 10,000-row window.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { startSite, type Site } from '../helpers/site.js';

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(body));
}

export async function bodyOf(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export interface Part {
  name: string;
  filename: string | null;
  contentType: string | null;
  value: string;
}

/** multipart/form-data parts, parsed the plain way a server does. */
export function multipartParts(contentType: string | undefined, body: Buffer): Part[] | null {
  const boundary = /boundary=("?)([^";]+)\1/.exec(contentType ?? '')?.[2];
  if (!contentType?.startsWith('multipart/form-data') || !boundary) return null;
  const text = body.toString('utf8');
  return text
    .split(`--${boundary}`)
    .slice(1, -1)
    .map((chunk) => {
      const [head, ...rest] = chunk.replace(/^\r\n/, '').split('\r\n\r\n');
      const value = rest.join('\r\n\r\n').replace(/\r\n$/, '');
      const disposition = /content-disposition:([^\r\n]*)/i.exec(head!)?.[1] ?? '';
      return {
        name: /name="([^"]*)"/.exec(disposition)?.[1] ?? '',
        filename: /filename="([^"]*)"/.exec(disposition)?.[1] ?? null,
        contentType: /content-type:\s*([^\r\n]*)/i.exec(head!)?.[1]?.trim() ?? null,
        value,
      };
    });
}

// ---- EU Funding & Tenders search API ---------------------------------------------------------------------------

export interface SediaTopic {
  identifier: string;
  title: string;
  description: string;
  deadlines: string[];
  start: string;
  programme: string;
  status: string;
}

/** One result row per language, as the portal repeats them; the French row is a stub without description. */
function sediaRows(topic: SediaTopic): unknown[] {
  const full = {
    reference: `${topic.identifier}COMPETITIVE_CALLen`,
    url: `https://ec.europa.eu/info/funding-tenders/opportunities/data/topicDetails/${topic.identifier.toLowerCase()}.json`,
    language: 'en',
    summary: topic.title,
    title: null,
    metadata: {
      identifier: [topic.identifier],
      title: [topic.title],
      status: [topic.status],
      type: ['1'],
      frameworkProgramme: [topic.programme],
      startDate: [topic.start],
      deadlineDate: topic.deadlines,
      descriptionByte: [topic.description],
      keywords: ['["digital skills","inclusion"]'],
      actions: ['[{"status":{"id":31094502}}]'],
    },
  };
  const stub = { ...full, language: 'fr', metadata: { identifier: [topic.identifier], title: [topic.title] } };
  return [full, stub];
}

export interface SediaServer {
  /** Multipart parts of each search request, by page. */
  requests: { page: number; size: number; text: string | null; parts: Part[] }[];
}

/** POST /search-api/prod/rest/search?apiKey=SEDIA&text=…&pageNumber=&pageSize= with multipart JSON file parts. */
export function sediaRoute(site: Site, topics: SediaTopic[], server: SediaServer): void {
  site.route('/search-api/prod/rest/search', async (req, res) => {
    const url = new URL(req.url!, site.url);
    const parts = multipartParts(req.headers['content-type'], await bodyOf(req));
    // Filters sent as plain form fields fail on the real API; only file parts holding JSON are read.
    if (req.method !== 'POST' || url.searchParams.get('apiKey') !== 'SEDIA' || !parts || parts.some((p) => p.filename === null || p.contentType !== 'application/json')) {
      json(res, 500, { type: 'throwable' });
      return;
    }
    const page = Number(url.searchParams.get('pageNumber') ?? 1);
    const size = Number(url.searchParams.get('pageSize') ?? 50);
    server.requests.push({ page, size, text: url.searchParams.get('text'), parts });
    const query = JSON.parse(parts.find((p) => p.name === 'query')!.value) as { bool: { must: { terms: Record<string, string[]> }[] } };
    const terms = Object.assign({}, ...query.bool.must.map((m) => m.terms)) as Record<string, string[]>;
    const rows = topics
      .filter((t) => !terms.status || terms.status.includes(t.status))
      .filter((t) => !terms.frameworkProgramme || terms.frameworkProgramme.includes(t.programme))
      .flatMap(sediaRows);
    json(res, 200, {
      apiVersion: '2.151',
      terms: [],
      totalResults: rows.length,
      pageNumber: page,
      pageSize: size,
      results: rows.slice((page - 1) * size, page * size),
    });
  });
}

// ---- OpenDataSoft Explore v2.1 --------------------------------------------------------------------------------

/** /api/explore/v2.1/catalog/datasets/ID/records?limit=&offset= and /exports/json, with the 10,000-row window. */
export function odsRoute(site: Site, dataset: string, rows: Record<string, unknown>[], hits: { records: number; exports: number }): void {
  const base = `/api/explore/v2.1/catalog/datasets/${dataset}`;
  site.route(`${base}/records`, (req, res) => {
    const url = new URL(req.url!, site.url);
    const limit = Number(url.searchParams.get('limit') ?? 10);
    const offset = Number(url.searchParams.get('offset') ?? 0);
    if (limit > 100) return json(res, 400, { error_code: 'InvalidRESTParameterError', message: 'Invalid value for limit API parameter' });
    if (offset + limit > 10_000) {
      return json(res, 400, { error_code: 'InvalidRESTParameterError', message: `Invalid value for sum of offset + limit API parameter: ${offset + limit} was found but <= 10000 is expected.` });
    }
    hits.records += 1;
    json(res, 200, { total_count: rows.length, results: rows.slice(offset, offset + limit) });
  });
  site.route(`${base}/exports/json`, (_req, res) => {
    hits.exports += 1;
    json(res, 200, rows);
  });
}

// ---- Aides-territoires v1.8 -------------------------------------------------------------------------------------

export interface AidesTerritoiresServer {
  key: string;
  tokensIssued: number;
  /** Seconds a token lives (JWT exp). */
  ttlSeconds: number;
  /** Pages (1-based) whose first request answers 401 although the token is valid (A-T does so now and then). */
  flaky401Pages: Set<number>;
  valid: Set<string>;
  pageRequests: string[];
}

function jwt(exp: number, n: number): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ exp, n })}.sig`;
}

/** POST /api/connexion/ (X-AUTH-TOKEN → {token}) and GET /api/aids/ with bearer auth, `next` absolute, 1-based pages. */
export function aidesTerritoiresRoutes(site: Site, aids: Record<string, unknown>[], server: AidesTerritoiresServer): void {
  site.route('/api/connexion/', (req, res) => {
    if (req.method !== 'POST') return json(res, 405, { title: 'Method Not Allowed' });
    const key = req.headers['x-auth-token'];
    if (!key) return json(res, 401, { message: 'Veuillez ajouter votre X-AUTH-TOKEN dans les HEADERS' });
    if (key !== server.key) return json(res, 401, { message: 'Invalid credentials.' });
    server.tokensIssued += 1;
    const token = jwt(Math.floor(Date.now() / 1000) + server.ttlSeconds, server.tokensIssued);
    server.valid.add(token);
    json(res, 200, { token });
  });
  site.route('/api/aids/', (req, res) => {
    const url = new URL(req.url!, site.url);
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const exp = token ? (JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString() || '{}') as { exp?: number }).exp : undefined;
    if (!token || !server.valid.has(token) || (exp ?? 0) * 1000 < Date.now()) return json(res, 401, { code: 401, message: 'Expired JWT Token' });
    const page = Number(url.searchParams.get('page') ?? 1);
    if (server.flaky401Pages.delete(page)) return json(res, 401, { code: 401, message: 'Invalid JWT Token' });
    server.pageRequests.push(req.url!);
    const size = Math.min(100, Number(url.searchParams.get('itemsPerPage') ?? 50));
    const count = aids.length;
    const last = Math.max(1, Math.ceil(count / size));
    const next = new URL(url.toString());
    next.searchParams.set('page', String(page + 1));
    const previous = new URL(url.toString());
    previous.searchParams.set('page', String(page - 1));
    json(res, 200, {
      count,
      next: page >= last ? null : next.toString(),
      previous: page <= 1 ? null : previous.toString(),
      results: aids.slice((page - 1) * size, page * size),
    });
  });
}

export async function startApiSite(): Promise<Site> {
  return startSite({ '/robots.txt': (_req, res) => void res.writeHead(404).end() });
}
