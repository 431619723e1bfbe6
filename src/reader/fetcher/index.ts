// The polite fetcher: robots.txt, per-host spacing, a global limit, conditional GET, redirects counted per hop,
// Retry-After, timeout and size cap. It answers bytes; decoding and parsing belong to the caller.
import { setTimeout as sleep } from 'node:timers/promises';
import { decodeBody } from './charset.js';
import { FetchError, heldError, robotsError, statusError, tooManyRedirectsError } from './errors.js';
import { httpGet, isRedirect, type HttpResponse } from './http.js';
import { HostGate, HostOnHold } from './politeness.js';
import { ALLOW_ALL, parseRobots, RobotsCache, UNKNOWN_RULES, type RobotsRules } from './robots.js';

export { FetchError } from './errors.js';
export type { FetchErrorKind } from './errors.js';

export interface FetcherOptions {
  /** Default User-Agent, naming fundwatch and its base URL. */
  userAgent: string;
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  /** Minimum pause between two requests to one host. */
  hostDelayMs?: number;
  /** Requests in flight at once, all hosts together. */
  concurrency?: number;
  /** A Retry-After up to this long is waited for within the run; a longer one fails the fetch until then. */
  maxRetryAfterWaitMs?: number;
  robotsTtlMs?: number;
}

export const FETCHER_DEFAULTS = {
  timeoutMs: 20_000,
  maxBytes: 15 * 1024 * 1024,
  maxRedirects: 5,
  hostDelayMs: 1_000,
  concurrency: 4,
  maxRetryAfterWaitMs: 30_000,
  robotsTtlMs: 6 * 60 * 60 * 1000,
} as const;

/** The token robots.txt rules are matched against. */
export const ROBOTS_AGENT = 'fundwatch';

export interface GetOptions {
  etag?: string | null;
  lastModified?: string | null;
  userAgent?: string;
  accept?: string;
  /** An API request (JSON sources): GET when absent. A 303, or a 301/302 after a POST, goes on as a GET. */
  method?: 'GET' | 'POST';
  /** Extra request headers (an API's key, a bearer token); they override the defaults. */
  headers?: Record<string, string>;
  body?: Buffer;
}

export interface FetchedPage {
  /** The final URL, after redirects. */
  url: string;
  notModified: boolean;
  etag: string | null;
  lastModified: string | null;
  contentType: string | null;
  body: Buffer;
}

export function defaultUserAgent(baseUrl: string): string {
  return `fundwatch/0.1 (veille de financements; +${baseUrl})`;
}

export class Fetcher {
  private readonly options: Required<FetcherOptions>;
  private readonly gate: HostGate;
  private readonly robots: RobotsCache;

  constructor(options: FetcherOptions) {
    this.options = { ...FETCHER_DEFAULTS, ...options };
    this.gate = new HostGate(this.options.hostDelayMs, this.options.concurrency, this.options.maxRetryAfterWaitMs);
    this.robots = new RobotsCache(this.options.robotsTtlMs, (robotsUrl) => this.loadRobots(robotsUrl));
  }

  /** GET with conditional headers; follows at most `maxRedirects` redirects, checking robots.txt at each hop. */
  async get(url: string, options: GetOptions = {}): Promise<FetchedPage> {
    let current = url;
    let method = options.method ?? 'GET';
    for (let hop = 0; ; hop++) {
      await this.checkRobots(current);
      const body = method === 'GET' ? undefined : options.body;
      const response = await this.politeGet(current, this.headersFor(options, hop === 0, body !== undefined), method, body);
      if (isRedirect(response.status)) {
        if (hop >= this.options.maxRedirects) throw tooManyRedirectsError(url, this.options.maxRedirects);
        current = nextLocation(response);
        if (response.status !== 307 && response.status !== 308) method = 'GET';
        continue;
      }
      return pageOf(response);
    }
  }

  /** Decoded text of a page, charset detected from header, BOM, prolog/meta or the bytes. */
  static text(page: FetchedPage): string {
    return decodeBody(page.body, page.contentType).text;
  }

  private headersFor(options: GetOptions, firstHop: boolean, withBody: boolean): Record<string, string> {
    const headers: Record<string, string> = {
      'user-agent': options.userAgent ?? this.options.userAgent,
      accept: options.accept ?? '*/*',
      'accept-encoding': 'gzip, deflate, br',
      'accept-language': 'fr-FR,fr;q=0.9,en;q=0.5',
    };
    for (const [name, value] of Object.entries(options.headers ?? {})) {
      // A body's content type only goes with the body (a redirect turned into a GET drops both).
      if (withBody || name.toLowerCase() !== 'content-type') headers[name.toLowerCase()] = value;
    }
    // Validators belong to the URL they came from: only send them to the first one.
    if (firstHop && options.etag) headers['if-none-match'] = options.etag;
    if (firstHop && options.lastModified) headers['if-modified-since'] = options.lastModified;
    return headers;
  }

  /** One request through the host gate, waiting once for a short Retry-After. */
  private async politeGet(url: string, headers: Record<string, string>, method = 'GET', body?: Buffer): Promise<HttpResponse> {
    const host = new URL(url).host;
    for (let attempt = 0; ; attempt++) {
      // Set inside the gate's task; declared this way so TypeScript does not narrow it to null here.
      let retryAt = null as number | null;
      const response = await this.gate
        .run(host, async () => {
          const answer = await httpGet({ url, method, headers, ...(body ? { body } : {}), timeoutMs: this.options.timeoutMs, maxBytes: this.options.maxBytes });
          if (answer.status === 429 || answer.status === 503) {
            retryAt = retryAfter(answer.headers.get('retry-after'), Date.now());
            // Held before the gate lets the next request to this host go, so that one sees the hold.
            if (retryAt !== null) this.gate.holdUntil(host, retryAt);
          }
          return answer;
        })
        .catch((error: unknown) => {
          // A host that asked for a long pause (another source or page of it got the Retry-After) fails at once
          // until then, rather than holding this run, and every source queued behind it, for hours.
          throw error instanceof HostOnHold ? heldError(url, new Date(error.until)) : error;
        });
      if (response.status !== 429 && response.status !== 503) return response;
      const wait = retryAt === null ? null : retryAt - Date.now();
      if (attempt > 0 || wait === null || wait > this.options.maxRetryAfterWaitMs) {
        return response;
      }
      await sleep(Math.max(0, wait));
    }
  }

  private async checkRobots(url: string): Promise<void> {
    const rules = await this.robots.rulesFor(url);
    if (!rules.isAllowed(url)) throw robotsError(url);
    if (rules.crawlDelayMs !== null) this.gate.setHostDelay(new URL(url).host, rules.crawlDelayMs);
  }

  private async loadRobots(robotsUrl: string): Promise<RobotsRules> {
    let current = robotsUrl;
    try {
      for (let hop = 0; hop <= this.options.maxRedirects; hop++) {
        const response = await this.gate.run(new URL(current).host, () =>
          httpGet({
            url: current,
            headers: { 'user-agent': this.options.userAgent, accept: 'text/plain,*/*' },
            timeoutMs: this.options.timeoutMs,
            maxBytes: 512 * 1024,
          }),
        );
        if (isRedirect(response.status)) {
          current = nextLocation(response);
          continue;
        }
        // No robots.txt (4xx) means no rules; a failing one (5xx) is not held against the source either, but it
        // is read again soon rather than ignored for hours.
        if (response.status >= 500) return UNKNOWN_RULES;
        if (response.status !== 200) return ALLOW_ALL;
        const text = decodeBody(response.body, response.headers.get('content-type')).text;
        return parseRobots(robotsUrl, text, ROBOTS_AGENT);
      }
    } catch {
      return UNKNOWN_RULES;
    }
    return ALLOW_ALL;
  }
}

function nextLocation(response: HttpResponse): string {
  const location = response.headers.get('location');
  if (!location) throw statusError(response.url, response.status);
  try {
    return new URL(location, response.url).toString();
  } catch {
    throw statusError(response.url, response.status);
  }
}

function pageOf(response: HttpResponse): FetchedPage {
  const headers = response.headers;
  const page = {
    url: response.url,
    notModified: response.status === 304,
    etag: headers.get('etag'),
    lastModified: headers.get('last-modified'),
    contentType: headers.get('content-type'),
    body: response.body,
  };
  if (response.status === 200 || response.status === 304 || (response.status > 200 && response.status < 300)) return page;
  const retryAt = retryAfter(headers.get('retry-after'), Date.now());
  throw statusError(response.url, response.status, retryAt === null ? null : new Date(retryAt));
}

/** Retry-After as seconds or an HTTP date, as epoch milliseconds; null when absent or unreadable. */
export function retryAfter(value: string | null, now: number): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return now + Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(now, date);
}

export function isFetchError(error: unknown): error is FetchError {
  return error instanceof FetchError;
}
