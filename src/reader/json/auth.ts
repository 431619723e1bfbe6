// Token exchange (Aides-territoires): the user's key is posted once to the token endpoint, the bearer token it
// answers is kept while valid (its JWT `exp`, else the preset's lifetime) and shared by every run of this process.
import { createHash } from 'node:crypto';
import { FetchError } from '../fetcher/errors.js';
import type { Fetcher } from '../fetcher/index.js';
import { scalarText, valueAt } from './path.js';
import type { TokenAuth } from './spec.js';

interface Held {
  token: string;
  expiresAt: number;
}

const held = new Map<string, Held>();

// A token is not used in its last half minute, so it does not expire between being chosen and being read.
const MARGIN_MS = 30_000;

function cacheKey(auth: TokenAuth, key: string): string {
  return `${auth.url}\n${createHash('sha256').update(key).digest('hex')}`;
}

/** When a JWT says it expires, in epoch ms; null for anything else. */
export function jwtExpiry(token: string): number | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const exp = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown }).exp;
    return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : null;
  } catch {
    return null;
  }
}

/** Forgets the token held for this key (the API answered 401 with it). */
export function dropToken(auth: TokenAuth, key: string): void {
  held.delete(cacheKey(auth, key));
}

/** A valid bearer token for this key: the one held, or a new one from the token endpoint. Throws FetchError. */
export async function bearerToken(fetcher: Fetcher, auth: TokenAuth, key: string, userAgent: string | undefined): Promise<string> {
  const id = cacheKey(auth, key);
  const now = Date.now();
  const current = held.get(id);
  if (current && current.expiresAt - MARGIN_MS > now) return current.token;
  let page;
  try {
    page = await fetcher.get(auth.url, {
      method: 'POST',
      headers: { [auth.keyHeader]: key, accept: 'application/json' },
      body: Buffer.alloc(0),
      ...(userAgent ? { userAgent } : {}),
    });
  } catch (error) {
    if (error instanceof FetchError && (error.status === 401 || error.status === 403)) {
      throw new FetchError(
        'http_status',
        `Le service refuse la clé ${auth.keyEnv} (HTTP ${error.status}) : vérifiez la clé, ou demandez-en une nouvelle — ${auth.url}`,
        auth.url,
        error.status,
      );
    }
    throw error;
  }
  let token: string | null = null;
  try {
    token = scalarText(valueAt(JSON.parse(page.body.toString('utf8')) as unknown, auth.tokenPath));
  } catch {
    token = null;
  }
  if (!token) throw new FetchError('parse_error', `Réponse inattendue du service d'authentification (pas de jeton) : ${auth.url}`, auth.url);
  const expiresAt = Math.min(jwtExpiry(token) ?? Infinity, now + auth.ttlMs);
  held.set(id, { token, expiresAt });
  return token;
}
