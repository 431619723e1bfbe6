// Bearer-token guard of /api/*: constant-time comparison against FUNDWATCH_ADMIN_TOKEN.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { ApiError } from './errors.js';

export const TOKEN_UNSET_MESSAGE =
  "L'API d'administration est désactivée : aucun jeton n'est configuré. Définissez la variable d'environnement " +
  'FUNDWATCH_ADMIN_TOKEN (une longue valeur aléatoire, ex. `openssl rand -hex 32`) puis redémarrez fundwatch. ' +
  '(Admin API disabled: set FUNDWATCH_ADMIN_TOKEN and restart.)';

function digest(value: string): Buffer {
  // Hashing first gives equal-length buffers, so the comparison time says nothing about the token's length.
  return createHash('sha256').update(value, 'utf8').digest();
}

/** True when `provided` equals `expected`, in time independent of where they differ. */
export function tokensMatch(provided: string, expected: string): boolean {
  return timingSafeEqual(digest(provided), digest(expected));
}

/** The token of an `Authorization: Bearer ...` header, or null. */
export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
  return match ? match[1]! : null;
}

/** An onRequest hook refusing requests without the admin token (503 when none is configured). */
export function requireAdminToken(adminToken: string | null) {
  return async (request: FastifyRequest): Promise<void> => {
    if (!adminToken) throw new ApiError(503, TOKEN_UNSET_MESSAGE);
    const provided = bearerToken(request.headers.authorization);
    if (provided === null) {
      throw new ApiError(401, "Authentification requise : envoyez l'en-tête Authorization: Bearer <FUNDWATCH_ADMIN_TOKEN>.");
    }
    if (!tokensMatch(provided, adminToken)) throw new ApiError(401, 'Jeton d’administration invalide.');
  };
}
