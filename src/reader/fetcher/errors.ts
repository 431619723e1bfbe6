// Kinds of ingestion failure, each with a French message a staff member can act on.

export const FETCH_ERROR_KINDS = [
  'timeout',
  'too_large',
  'http_status',
  'not_a_feed',
  'parse_error',
  'robots',
  'no_items',
  'network',
  // Not a failure of this source: its host asked, through another request, to wait (Retry-After).
  'held',
] as const;
export type FetchErrorKind = (typeof FETCH_ERROR_KINDS)[number];

export class FetchError extends Error {
  constructor(
    readonly kind: FetchErrorKind,
    /** French, for staff: what went wrong and what to do. */
    message: string,
    readonly url: string,
    readonly status: number | null = null,
    /** When the server asked us to come back (Retry-After), if it did. */
    readonly retryAt: Date | null = null,
  ) {
    super(message);
    this.name = 'FetchError';
  }
}

export function timeoutError(url: string, timeoutMs: number): FetchError {
  return new FetchError('timeout', `La source ne répond pas (délai de ${formatSeconds(timeoutMs)} dépassé) : ${url}`, url);
}

export function tooLargeError(url: string, maxBytes: number): FetchError {
  return new FetchError(
    'too_large',
    `La réponse dépasse la taille maximale autorisée (${formatMegabytes(maxBytes)}) : ${url} — vérifiez que l'adresse pointe bien vers le flux ou la page d'annonces`,
    url,
  );
}

export function statusError(url: string, status: number, retryAt: Date | null = null): FetchError {
  return new FetchError('http_status', `${statusAdvice(status)} (HTTP ${status}) : ${url}`, url, status, retryAt);
}

export function heldError(url: string, until: Date): FetchError {
  const time = until.toLocaleString('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'short' });
  return new FetchError('held', `Le site a demandé de patienter (Retry-After) jusqu'au ${time} : ${url} — nouvel essai ensuite`, url, null, until);
}

export function robotsError(url: string): FetchError {
  return new FetchError(
    'robots',
    `Le fichier robots.txt du site interdit à fundwatch de lire cette adresse : ${url} — demandez l'autorisation au site ou désactivez la source`,
    url,
  );
}

export function tooManyRedirectsError(url: string, max: number): FetchError {
  return new FetchError('http_status', `Trop de redirections (plus de ${max}) : ${url} — mettez à jour l'adresse de la source`, url);
}

export function networkError(url: string, cause: unknown): FetchError {
  return new FetchError('network', `Connexion impossible à la source (${networkReason(cause)}) : ${url}`, url);
}

function statusAdvice(status: number): string {
  if (status === 404) return "La page n'existe plus à cette adresse : vérifiez l'URL de la source";
  if (status === 410) return 'La source a été supprimée par le site (410 Gone) : elle est désactivée, trouvez sa nouvelle adresse';
  if (status === 401 || status === 403) return "Le site refuse l'accès à fundwatch";
  if (status === 429) return 'Le site demande de ralentir (trop de requêtes)';
  if (status >= 500) return 'Le site est en panne ou surchargé ; nouvel essai plus tard';
  return 'Réponse inattendue du site';
}

function networkReason(cause: unknown): string {
  const code = errorCode(cause);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'nom de domaine introuvable';
  if (code === 'ECONNREFUSED') return 'connexion refusée';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'connexion interrompue';
  if (code?.startsWith('ERR_TLS') || code?.includes('CERT')) return 'certificat TLS invalide';
  return code ?? (cause instanceof Error ? cause.message : String(cause));
}

/** Node's fetch wraps the system error in `cause`; dig for its code. */
function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}

function formatMegabytes(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  return mib >= 1 ? `${Number.isInteger(mib) ? mib : mib.toFixed(1)} Mo` : `${Math.ceil(bytes / 1024)} Ko`;
}
