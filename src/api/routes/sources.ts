// /api/sources: every source of feeds.yaml with its health; POST /api/sources/:id/fetch: fetch one now.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { fetchAndMatch } from '../../jobs.js';
import type { SourceHealth } from '../../sources/health.js';
import { listSourceHealth } from '../../sources/health.js';
import { loadSourcesFile, SourcesFileError, type SourceConfig } from '../../sources/load.js';
import { ApiError } from '../errors.js';
import { errorResponses, nullable, pageOf, PageQuery } from '../schemas.js';

const SourceHealthSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  type: Type.String({ description: 'rss ou html' }),
  url: Type.String(),
  enabled: Type.Boolean({ description: 'false : désactivée dans feeds.yaml, ou partie (410 Gone)' }),
  last_fetch_at: nullable(Type.String()),
  last_status: nullable(Type.String({ description: 'ok, not_modified, error ou gone' })),
  consecutive_failures: Type.Integer(),
  last_error: nullable(Type.String()),
  last_error_kind: nullable(Type.String()),
  items_seen: Type.Integer(),
  last_new_at: nullable(Type.String({ description: 'dernière fois qu’un appel nouveau est arrivé' })),
  stale: Type.Boolean({ description: 'rien de nouveau depuis plus de expect_new_within_days jours' }),
  gone: Type.Boolean(),
});

const FetchSummarySchema = Type.Object({
  id: Type.String(),
  status: Type.String({ description: 'ok, not_modified, error, skipped ou gone' }),
  new: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  error: nullable(Type.String()),
});

const SourceIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });

function healthJson(h: SourceHealth) {
  return {
    id: h.id,
    name: h.name,
    type: h.type,
    url: h.url,
    enabled: h.enabled,
    last_fetch_at: h.lastFetchAt,
    last_status: h.lastStatus,
    consecutive_failures: h.consecutiveFailures,
    last_error: h.lastError,
    last_error_kind: h.lastErrorKind,
    items_seen: h.itemsSeen,
    last_new_at: h.lastNewAt,
    stale: h.stale,
    gone: h.gone,
  };
}

const SourcePageSchema = Type.Object({
  ...pageOf(SourceHealthSchema).properties,
  feeds_error: Type.Optional(
    Type.String({ description: 'feeds.yaml est invalide depuis sa dernière modification : ses erreurs ; la liste est celle de la dernière version valide' }),
  ),
});

export const sourceRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;

  // The sources of the last valid feeds.yaml this process read: what the scheduler keeps running while staff fix a
  // broken edit, and what staff need to see (health, fetch now) exactly then.
  let lastValid: SourceConfig[] | null = null;
  try {
    lastValid = loadSourcesFile(ctx.config.feedsPath).sources;
  } catch {
    // Broken or missing at start: serve (and the first request) say so.
  }

  /**
   * feeds.yaml as it is now (staff may have edited it since start). Broken: the last valid sources, with the file's
   * errors to say beside them; broken with nothing valid read before: the server's problem, said plainly (500).
   */
  function currentSources(): { sources: SourceConfig[]; fileError: string | null } {
    try {
      lastValid = loadSourcesFile(ctx.config.feedsPath).sources;
      return { sources: lastValid, fileError: null };
    } catch (error) {
      if (!(error instanceof SourcesFileError)) throw error;
      const message = `Le fichier des sources est invalide ; corrigez-le (fundwatch sources check) : ${error.message.split('\n').join(' ; ')}`;
      if (lastValid === null) throw new ApiError(500, message);
      return { sources: lastValid, fileError: `${message} ; les sources de la dernière version valide restent en service.` };
    }
  }

  app.get(
    '/sources',
    {
      schema: {
        summary: 'Sources et leur santé',
        description:
          'Chaque source de feeds.yaml, dans l’ordre du fichier, avec sa dernière récupération, son dernier statut, ses échecs consécutifs, ' +
          'sa dernière erreur, le nombre d’éléments vus et la dernière arrivée d’un appel nouveau.',
        querystring: PageQuery,
        response: { 200: SourcePageSchema, ...errorResponses(400, 500) },
      },
    },
    async (request) => {
      const { sources, fileError } = currentSources();
      const all = listSourceHealth(ctx.db, sources, app.now());
      const { limit, offset } = request.query;
      return { items: all.slice(offset, offset + limit).map(healthJson), total: all.length, ...(fileError ? { feeds_error: fileError } : {}) };
    },
  );

  app.post(
    '/sources/:id/fetch',
    {
      schema: {
        summary: 'Récupérer une source maintenant',
        description:
          'Même si elle est désactivée ou en attente après des échecs (c’est une demande explicite). Répond avec le même résumé que ' +
          '`fundwatch fetch` : statut, nouveaux, mis à jour, inchangés, erreur. Les appels nouveaux ou modifiés sont aussitôt comparés aux profils.',
        params: SourceIdParams,
        response: { 200: FetchSummarySchema, ...errorResponses(400, 404, 500) },
      },
    },
    async (request) => {
      const source = currentSources().sources.find((s) => s.id === request.params.id);
      if (!source) throw new ApiError(404, `Source « ${request.params.id} » absente de feeds.yaml.`);
      const now = app.now();
      const result = await fetchAndMatch(ctx, [source], { now, force: true, fetcher: app.fetcher });
      const summary = result.summaries[0];
      if (!summary) throw new Error(`fetchSources returned no summary for ${source.id}`);
      return summary;
    },
  );
};
