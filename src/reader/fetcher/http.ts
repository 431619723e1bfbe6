// One HTTP GET, no redirect following: a timeout over the whole exchange and a cap on the decoded body size.
import { FetchError, networkError, timeoutError, tooLargeError } from './errors.js';

export interface HttpRequest {
  url: string;
  /** GET when absent. */
  method?: string;
  headers: Record<string, string>;
  body?: Buffer;
  timeoutMs: number;
  maxBytes: number;
}

export interface HttpResponse {
  url: string;
  status: number;
  headers: Headers;
  /** Decoded (decompressed) bytes; empty for redirects, 304 and error statuses. */
  body: Buffer;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export function isRedirect(status: number): boolean {
  return REDIRECT_STATUSES.has(status);
}

/** Only 200 responses carry a body worth reading; the rest are answered from their status and headers. */
function wantsBody(status: number): boolean {
  return status >= 200 && status < 300 && status !== 204;
}

export async function httpGet(request: HttpRequest): Promise<HttpResponse> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), request.timeoutMs);
  try {
    // Node's fetch decompresses gzip, deflate and br itself; the cap below applies to the decompressed bytes.
    const response = await globalThis.fetch(request.url, {
      method: request.method ?? 'GET',
      headers: request.headers,
      ...(request.body ? { body: new Uint8Array(request.body) } : {}),
      redirect: 'manual',
      signal: controller.signal,
    });
    if (!wantsBody(response.status)) {
      await response.body?.cancel().catch(() => undefined);
      return { url: request.url, status: response.status, headers: response.headers, body: Buffer.alloc(0) };
    }
    const declared = Number(response.headers.get('content-length') ?? NaN);
    if (Number.isFinite(declared) && declared > request.maxBytes && !response.headers.get('content-encoding')) {
      controller.abort();
      throw tooLargeError(request.url, request.maxBytes);
    }
    const body = await readCapped(response, request, controller);
    return { url: request.url, status: response.status, headers: response.headers, body };
  } catch (error) {
    if (error instanceof FetchError) throw error;
    if (controller.signal.aborted) throw timeoutError(request.url, request.timeoutMs);
    throw networkError(request.url, error);
  } finally {
    clearTimeout(timer);
  }
}

async function readCapped(response: Response, request: HttpRequest, controller: AbortController): Promise<Buffer> {
  if (!response.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > request.maxBytes) {
      controller.abort();
      await reader.cancel().catch(() => undefined);
      throw tooLargeError(request.url, request.maxBytes);
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks, size);
}
