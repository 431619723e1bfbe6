// A real HTTP server on 127.0.0.1 serving fixture routes, recording every request it gets.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Route = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface RecordedRequest {
  path: string;
  at: number;
  headers: IncomingMessage['headers'];
}

export interface Site {
  /** Base URL, without trailing slash: `http://127.0.0.1:PORT`. */
  url: string;
  requests: RecordedRequest[];
  route(path: string, handler: Route): void;
  hits(path: string): RecordedRequest[];
  close(): Promise<void>;
}

export async function startSite(routes: Record<string, Route> = {}): Promise<Site> {
  const table = new Map(Object.entries(routes));
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    requests.push({ path, at: Date.now(), headers: req.headers });
    const handler = table.get(path) ?? table.get(path.split('?')[0]!);
    if (!handler) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    Promise.resolve(handler(req, res)).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    route: (path, handler) => void table.set(path, handler),
    hits: (path) => requests.filter((r) => r.path === path),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A route answering `body` with headers, honouring If-None-Match against `etag` when given. */
export function serve(body: string | Buffer, headers: Record<string, string>, etag?: string): Route {
  return (req, res) => {
    if (etag && req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag }).end();
      return;
    }
    res.writeHead(200, { ...headers, ...(etag ? { etag } : {}) }).end(body);
  };
}
