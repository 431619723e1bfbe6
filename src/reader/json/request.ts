// The HTTP request of one page of a JSON source: its URL with the query (keys repeated for lists) and paging
// parameters, its headers, and its body (JSON, or multipart parts each sent as a JSON *file*, which the EU search
// API needs: the same JSON as plain form fields fails there). Pure.
import { randomBytes } from 'node:crypto';
import type { JsonSpec } from './spec.js';

export interface PageRequest {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body: Buffer | undefined;
}

/** `base` with the pairs appended (the pairs replace any parameter of the same name the base already had). */
export function withQuery(base: string, pairs: [string, string][]): string {
  const url = new URL(base);
  for (const name of new Set(pairs.map(([k]) => k))) url.searchParams.delete(name);
  for (const [key, value] of pairs) url.searchParams.append(key, value);
  return url.toString();
}

export function multipartBody(parts: Record<string, unknown>, boundary = `fundwatch-${randomBytes(12).toString('hex')}`): { body: Buffer; contentType: string } {
  const chunks: string[] = [];
  for (const [name, value] of Object.entries(parts)) {
    const safe = name.replace(/["\r\n]/g, '_');
    chunks.push(
      `--${boundary}\r\nContent-Disposition: form-data; name="${safe}"; filename="${safe}.json"\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(value)}\r\n`,
    );
  }
  chunks.push(`--${boundary}--\r\n`);
  return { body: Buffer.from(chunks.join(''), 'utf8'), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** The first request of a source, with the paging parameters of its first page. */
export function firstRequest(spec: JsonSpec, pagingPairs: [string, string][]): PageRequest {
  return pageRequest(spec, withQuery(spec.url, [...spec.query, ...pagingPairs]));
}

/** A request for `url` with the source's method, headers and body. */
export function pageRequest(spec: JsonSpec, url: string): PageRequest {
  const headers: Record<string, string> = { accept: 'application/json', ...spec.headers };
  let body: Buffer | undefined;
  if (spec.body?.kind === 'json') {
    body = Buffer.from(JSON.stringify(spec.body.value), 'utf8');
    headers['content-type'] = 'application/json';
  } else if (spec.body?.kind === 'multipart') {
    const encoded = multipartBody(spec.body.parts);
    body = encoded.body;
    headers['content-type'] = encoded.contentType;
  }
  return { url, method: spec.method, headers, body };
}
