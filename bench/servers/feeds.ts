// A local web of funders: each feed on its own loopback address (127.0.0.1, 127.0.0.2, …), as 200 real sources
// would mostly sit on 200 hosts, so per-host politeness applies as it would in production. Answers conditional
// GETs with 304 when the feed has not changed, and allows everything in robots.txt.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';

export interface ServedFeed {
  url: string;
  body: Buffer;
}

export interface FeedServer {
  feeds: ServedFeed[];
  counts: { full: number; notModified: number; robots: number; other: number };
  close: () => Promise<void>;
}

const LAST_MODIFIED = new Date('2026-11-02T09:00:00Z').toUTCString();

function etagOf(body: Buffer): string {
  return `"${createHash('sha1').update(body).digest('base64url')}"`;
}

/** 127.0.0.1 … 127.0.0.254: every address of the /24 answers on Linux loopback. */
export function loopbackAddress(index: number): string {
  if (index > 253) throw new Error('bench: at most 254 feed hosts');
  return `127.0.0.${index + 1}`;
}

function listen(server: Server, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve((server.address() as AddressInfo).port));
  });
}

/** Serves `bodies[i]` at http://127.0.0.(i+1):PORT/aides/flux.xml. */
export async function startFeedServer(bodies: readonly string[]): Promise<FeedServer> {
  const counts = { full: 0, notModified: 0, robots: 0, other: 0 };
  const servers: Server[] = [];
  const feeds: ServedFeed[] = [];
  for (const [index, text] of bodies.entries()) {
    const body = Buffer.from(text, 'utf8');
    const etag = etagOf(body);
    const handler = (request: IncomingMessage, response: ServerResponse): void => {
      if (request.url === '/robots.txt') {
        counts.robots++;
        response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('User-agent: *\nAllow: /\n');
      } else if (request.url === '/aides/flux.xml') {
        const common = { etag, 'last-modified': LAST_MODIFIED, 'cache-control': 'max-age=0' };
        if (request.headers['if-none-match'] === etag || request.headers['if-modified-since'] === LAST_MODIFIED) {
          counts.notModified++;
          response.writeHead(304, common).end();
        } else {
          counts.full++;
          response.writeHead(200, { ...common, 'content-type': 'application/rss+xml; charset=utf-8', 'content-length': body.length }).end(body);
        }
      } else {
        counts.other++;
        response.writeHead(404, { 'content-type': 'text/plain' }).end('introuvable');
      }
    };
    const server = createServer({ keepAliveTimeout: 5_000 }, handler);
    const host = loopbackAddress(index);
    const port = await listen(server, host);
    servers.push(server);
    feeds.push({ url: `http://${host}:${port}/aides/flux.xml`, body });
  }
  return {
    feeds,
    counts,
    close: async () => {
      await Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              server.closeAllConnections();
              server.close(() => resolve());
            }),
        ),
      );
    },
  };
}
