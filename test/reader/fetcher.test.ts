import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultUserAgent, Fetcher, FETCHER_DEFAULTS, retryAfter, type FetcherOptions } from '../../src/reader/fetcher/index.js';
import { ALLOW_ALL, RobotsCache, type RobotsRules } from '../../src/reader/fetcher/robots.js';
import { serve, startSite, type Site } from './helpers/site.js';

const FAST: Partial<FetcherOptions> = { timeoutMs: 2_000, hostDelayMs: 0, maxRetryAfterWaitMs: 2_000 };
const UA = 'fundwatch/0.1 (veille de financements; +http://localhost:3000)';

let site: Site | null = null;
afterEach(async () => {
  await site?.close();
  site = null;
});

function fetcher(options: Partial<FetcherOptions> = {}): Fetcher {
  return new Fetcher({ userAgent: UA, ...FAST, ...options });
}

describe('Fetcher', () => {
  it('sends a User-Agent naming fundwatch, then makes a conditional GET answered 304', async () => {
    site = await startSite({
      '/feed.xml': (req, res) => {
        if (req.headers['if-none-match'] === '"v1"' || req.headers['if-modified-since'] === 'Wed, 01 Jan 2027 00:00:00 GMT') {
          res.writeHead(304).end();
          return;
        }
        res.writeHead(200, { etag: '"v1"', 'last-modified': 'Wed, 01 Jan 2027 00:00:00 GMT', 'content-type': 'application/rss+xml' }).end('<rss/>');
      },
    });
    const f = fetcher();
    const first = await f.get(`${site.url}/feed.xml`);
    expect(first).toMatchObject({ notModified: false, etag: '"v1"', lastModified: 'Wed, 01 Jan 2027 00:00:00 GMT' });
    expect(first.body.toString()).toBe('<rss/>');
    const second = await f.get(`${site.url}/feed.xml`, { etag: first.etag, lastModified: first.lastModified });
    expect(second.notModified).toBe(true);
    const hits = site.hits('/feed.xml');
    expect(hits[0]!.headers['user-agent']).toBe(UA);
    expect(hits[1]!.headers['if-none-match']).toBe('"v1"');
    expect(hits[1]!.headers['if-modified-since']).toBe('Wed, 01 Jan 2027 00:00:00 GMT');
  });

  it('decompresses gzip, deflate and brotli bodies', async () => {
    const text = 'Appel à projets : numérique solidaire';
    site = await startSite({
      '/deflate': serve(deflateSync(Buffer.from(text)), { 'content-encoding': 'deflate', 'content-type': 'text/plain; charset=utf-8' }),
      '/gz': serve(gzipSync(Buffer.from(text)), { 'content-encoding': 'gzip', 'content-type': 'text/plain; charset=utf-8' }),
      '/br': serve(brotliCompressSync(Buffer.from(text)), { 'content-encoding': 'br', 'content-type': 'text/plain; charset=utf-8' }),
    });
    const f = fetcher();
    expect(Fetcher.text(await f.get(`${site.url}/gz`))).toBe(text);
    expect(Fetcher.text(await f.get(`${site.url}/br`))).toBe(text);
    expect(Fetcher.text(await f.get(`${site.url}/deflate`))).toBe(text);
    expect(site.hits('/gz')[0]!.headers['accept-encoding']).toContain('br');
  });

  it('follows up to 5 redirects, resolving relative locations, and refuses a sixth', async () => {
    site = await startSite({ '/final': serve('arrivé', { 'content-type': 'text/plain; charset=utf-8' }) });
    for (let i = 1; i <= 6; i++) {
      const next = i === 6 ? '/final' : `/r${i + 1}`;
      site.route(`/r${i}`, (_req, res) => void res.writeHead(i % 2 ? 301 : 302, { location: next }).end());
    }
    const f = fetcher();
    const page = await f.get(`${site.url}/r2`);
    expect(page.url).toBe(`${site.url}/final`);
    expect(Fetcher.text(page)).toBe('arrivé');
    await expect(f.get(`${site.url}/r1`)).rejects.toMatchObject({ kind: 'http_status', message: expect.stringMatching(/Trop de redirections/) });
  });

  it('honours robots.txt, also on a redirect target', async () => {
    site = await startSite({
      '/robots.txt': serve('User-agent: *\nDisallow: /prive/\n', { 'content-type': 'text/plain' }),
      '/public': serve('ok', {}),
      '/prive/flux.xml': serve('secret', {}),
      '/detour': (_req, res) => void res.writeHead(302, { location: '/prive/flux.xml' }).end(),
    });
    const f = fetcher();
    expect((await f.get(`${site.url}/public`)).body.toString()).toBe('ok');
    await expect(f.get(`${site.url}/prive/flux.xml`)).rejects.toMatchObject({ kind: 'robots', message: expect.stringContaining('robots.txt') });
    await expect(f.get(`${site.url}/detour`)).rejects.toMatchObject({ kind: 'robots' });
    expect(site.hits('/prive/flux.xml')).toHaveLength(0);
    // Read once, then cached.
    expect(site.hits('/robots.txt')).toHaveLength(1);
  });

  it('spaces requests to one host and sends them one at a time', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    site = await startSite();
    for (let i = 0; i < 4; i++) {
      site.route(`/p${i}`, async (_req, res) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((r) => setTimeout(r, 20));
        inFlight--;
        res.writeHead(200).end(`page ${i}`);
      });
    }
    const f = fetcher({ hostDelayMs: 150, concurrency: 4 });
    await Promise.all([0, 1, 2, 3].map((i) => f.get(`${site!.url}/p${i}`)));
    expect(maxInFlight).toBe(1);
    const times = site.requests.filter((r) => r.path.startsWith('/p')).map((r) => r.at).sort((a, b) => a - b);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(140);
  });

  it('keeps to the global limit of requests in flight, all hosts together', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const slow = async (_req: unknown, res: import('node:http').ServerResponse): Promise<void> => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 60));
      inFlight--;
      res.writeHead(200).end('ok');
    };
    // Six servers are six hosts (host and port): per-host spacing does not hold them back, only the global limit.
    const hosts = await Promise.all(Array.from({ length: 6 }, () => startSite({ '/flux.xml': slow })));
    try {
      await Promise.all(hosts.map((h) => fetcher({ concurrency: 2 }).get(`${h.url}/flux.xml`)));
      expect(maxInFlight).toBe(6); // separate fetchers share nothing
      maxInFlight = 0;
      const shared = fetcher({ concurrency: 2 });
      await Promise.all(hosts.map((h) => shared.get(`${h.url}/flux.xml`)));
      expect(maxInFlight).toBe(2);
    } finally {
      await Promise.all(hosts.map((h) => h.close()));
    }
  });

  it("waits a host's robots.txt Crawl-delay between two requests", async () => {
    site = await startSite({
      '/robots.txt': serve('User-agent: fundwatch\nCrawl-delay: 1\n', { 'content-type': 'text/plain' }),
      '/a': serve('a', {}),
      '/b': serve('b', {}),
    });
    const f = fetcher({ hostDelayMs: 10 });
    await Promise.all([f.get(`${site.url}/a`), f.get(`${site.url}/b`)]);
    const [a, b] = [site.hits('/a')[0]!.at, site.hits('/b')[0]!.at].sort((x, y) => x - y);
    expect(b! - a!).toBeGreaterThanOrEqual(950);
  });

  it('has the defaults the issue names, and a User-Agent naming fundwatch and its base URL', () => {
    expect(FETCHER_DEFAULTS).toMatchObject({ timeoutMs: 20_000, maxBytes: 15 * 1024 * 1024, maxRedirects: 5 });
    expect(defaultUserAgent('https://veille.reseau.example')).toMatch(/^fundwatch\/[\d.]+ \(.*\+https:\/\/veille\.reseau\.example\)$/);
  });

  it('sends the validators to the first URL only, not to a redirect target', async () => {
    site = await startSite({
      '/ancien.xml': (_req, res) => void res.writeHead(301, { location: '/nouveau.xml' }).end(),
      '/nouveau.xml': serve('<rss/>', { etag: '"n1"' }),
    });
    await fetcher().get(`${site.url}/ancien.xml`, { etag: '"a1"', lastModified: 'Wed, 01 Jan 2027 00:00:00 GMT' });
    expect(site.hits('/ancien.xml')[0]!.headers['if-none-match']).toBe('"a1"');
    expect(site.hits('/nouveau.xml')[0]!.headers['if-none-match']).toBeUndefined();
    expect(site.hits('/nouveau.xml')[0]!.headers['if-modified-since']).toBeUndefined();
  });

  it('times out on a slow endpoint with a message staff can read', async () => {
    site = await startSite({ '/lent': (_req, res) => void setTimeout(() => res.writeHead(200).end('trop tard'), 2_000) });
    const error = await fetcher({ timeoutMs: 200 }).get(`${site.url}/lent`).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'timeout' });
    expect((error as Error).message).toMatch(/ne répond pas \(délai de 0\.2 s dépassé\)/);
  });

  it('times out on a body that trickles forever', async () => {
    site = await startSite({
      '/goutte': (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        const timer = setInterval(() => res.write('.'), 50);
        res.on('close', () => clearInterval(timer));
      },
    });
    await expect(fetcher({ timeoutMs: 300 }).get(`${site.url}/goutte`)).rejects.toMatchObject({ kind: 'timeout' });
  });

  it('caps the body size, declared or streamed, compressed or not', async () => {
    const big = Buffer.alloc(64 * 1024, 'a');
    site = await startSite({
      '/declared': serve(big, { 'content-type': 'text/plain' }),
      '/streamed': (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write(big);
        res.end(big);
      },
      '/bomb': serve(gzipSync(Buffer.alloc(1024 * 1024, 'a')), { 'content-encoding': 'gzip' }),
      '/small': serve('petit', {}),
    });
    const f = fetcher({ maxBytes: 32 * 1024 });
    await expect(f.get(`${site.url}/declared`)).rejects.toMatchObject({ kind: 'too_large', message: expect.stringContaining('32 Ko') });
    await expect(f.get(`${site.url}/streamed`)).rejects.toMatchObject({ kind: 'too_large' });
    await expect(f.get(`${site.url}/bomb`)).rejects.toMatchObject({ kind: 'too_large' });
    expect((await f.get(`${site.url}/small`)).body.toString()).toBe('petit');
  });

  it('waits for a short Retry-After and tries again', async () => {
    let calls = 0;
    site = await startSite({
      '/charge': (_req, res) => {
        calls++;
        if (calls === 1) res.writeHead(503, { 'retry-after': '1' }).end();
        else res.writeHead(200).end('enfin');
      },
    });
    const page = await fetcher().get(`${site.url}/charge`);
    expect(page.body.toString()).toBe('enfin');
    const [first, second] = site.hits('/charge');
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);
  });

  it('gives up on a long Retry-After, saying when to come back', async () => {
    site = await startSite({ '/quota': (_req, res) => void res.writeHead(429, { 'retry-after': '3600' }).end() });
    const before = Date.now();
    const error = await fetcher().get(`${site.url}/quota`).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'http_status', status: 429 });
    const retryAt = (error as { retryAt: Date }).retryAt.getTime();
    expect(retryAt).toBeGreaterThanOrEqual(before + 3_599_000);
    expect(site.hits('/quota')).toHaveLength(1);
  });

  it('fails other requests to a host on a long Retry-After at once, instead of holding them for hours', async () => {
    site = await startSite({
      '/quota': (_req, res) => void setTimeout(() => res.writeHead(429, { 'retry-after': '3600' }).end(), 50),
      '/autre': serve('ok', {}),
    });
    const f = fetcher();
    const started = Date.now();
    const [first, second] = await Promise.all([f.get(`${site.url}/quota`).catch((e: unknown) => e), f.get(`${site.url}/autre`).catch((e: unknown) => e)]);
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(first).toMatchObject({ kind: 'http_status', status: 429 });
    expect(second).toMatchObject({ kind: 'held', message: expect.stringMatching(/demandé de patienter \(Retry-After\) jusqu'au/) });
    expect((second as { retryAt: Date }).retryAt.getTime()).toBeGreaterThanOrEqual(started + 3_599_000);
    expect(site.hits('/autre')).toHaveLength(0);
  });

  it('reports HTTP errors and unreachable hosts with their kind', async () => {
    site = await startSite({ '/panne': (_req, res) => void res.writeHead(500).end('boom') });
    await expect(fetcher().get(`${site.url}/panne`)).rejects.toMatchObject({ kind: 'http_status', status: 500 });
    await expect(fetcher().get(`${site.url}/absent`)).rejects.toMatchObject({ kind: 'http_status', status: 404, message: expect.stringMatching(/n'existe plus/) });
    const closed = site.url;
    await site.close();
    site = null;
    await expect(fetcher().get(`${closed}/x`)).rejects.toMatchObject({ kind: 'network', message: expect.stringMatching(/connexion refusée/) });
  });
});

describe('retryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(retryAfter('120', 1_000)).toBe(121_000);
    expect(retryAfter('Wed, 21 Oct 2037 07:28:00 GMT', 0)).toBe(Date.parse('2037-10-21T07:28:00Z'));
    expect(retryAfter('soon', 0)).toBeNull();
    expect(retryAfter(null, 0)).toBeNull();
  });
});

describe('RobotsCache', () => {
  it('keeps rules per origin for its TTL, but asks again soon when robots.txt could not be read', async () => {
    const loads: string[] = [];
    let answer: RobotsRules = { ...ALLOW_ALL, keepMs: 30 };
    const cache = new RobotsCache(60_000, async (url) => {
      loads.push(url);
      return answer;
    });
    await cache.rulesFor('https://region.example/a');
    await cache.rulesFor('https://region.example/b');
    expect(loads).toEqual(['https://region.example/robots.txt']);
    await new Promise((r) => setTimeout(r, 50));
    answer = ALLOW_ALL;
    await cache.rulesFor('https://region.example/c');
    await new Promise((r) => setTimeout(r, 50));
    await cache.rulesFor('https://region.example/d');
    await cache.rulesFor('https://fondation.example/x');
    expect(loads).toEqual(['https://region.example/robots.txt', 'https://region.example/robots.txt', 'https://fondation.example/robots.txt']);
  });
});
