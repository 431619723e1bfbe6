// /api/calls: search what was gathered; /api/calls/:id: one call with its sources, deadlines and amount.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { getCall } from '../../calls/repository.js';
import { SearchPool } from '../../calls/search-pool.js';
import { filterSpellings, REGIONS } from '../../calls/regions.js';
import { searchCalls, type CallFilters } from '../../calls/search.js';
import { dayIn } from '../clock.js';
import { ApiError } from '../errors.js';
import { callJson, callPageJson } from '../json.js';
import { CallListQuery, CallSchema, CallSummarySchema, errorResponses, IdParams, pageOf } from '../schemas.js';

export const callRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, config } = app.ctx;
  // Searches run off the event loop (see search-pool.ts); a database in memory cannot be opened a second time, so
  // there they stay on this thread.
  const pool = db.memory ? null : new SearchPool(db.name);
  // A server that listens starts its search threads at once; an app only injected into (tests) when it searches.
  app.addHook('onListen', async () => pool?.start());
  app.addHook('onClose', async () => pool?.close());

  app.get(
    '/calls',
    {
      schema: {
        summary: 'Rechercher les appels à projets',
        description:
          'Sans `q` : les plus récemment découverts d’abord. Avec `q` : les plus pertinents d’abord ' +
          '(mots cherchés par leur racine française, accents ignorés, "expression exacte" entre guillemets ; ' +
          'les opérateurs de recherche sont traités comme du texte). Le corps complet est dans GET /api/calls/{id}.',
        querystring: CallListQuery,
        response: { 200: pageOf(CallSummarySchema), ...errorResponses(400) },
      },
    },
    async (request, reply) => {
      const query = request.query;
      const today = dayIn(config.timeZone, app.now());
      let region: string[] | undefined;
      // An empty filter (`source=`, as a form with nothing chosen sends it) filters nothing.
      if (query.region !== undefined && query.region.trim() !== '') {
        const spellings = filterSpellings(query.region);
        // An unknown region would give an empty list that looks like "no call": say what is accepted instead.
        if (!spellings) {
          throw new ApiError(400, `Requête invalide : paramètre region : région inconnue « ${query.region} » (ni une région, ni un département). Valeurs possibles : le nom ou le numéro d’un département, ou une région (nom ou identifiant) : ${REGIONS.map((r) => `${r.name} (${r.slug})`).join(', ')}.`);
        }
        region = spellings;
      }
      const filters: CallFilters = {
        q: query.q,
        source: query.source?.trim() || undefined,
        category: query.category?.trim() || undefined,
        region,
        open: query.open,
        deadlineBefore: query.deadline_before,
        deadlineAfter: query.deadline_after,
        today,
      };
      const page = { limit: query.limit, offset: query.offset };
      if (pool) {
        // The thread answers the page's JSON text itself (callPageJson: the fields of the schema, no others), which
        // fastify sends as is; the typed reply only takes the page as an object, hence the plain FastifyReply.
        const json = await pool.searchJson({ ...filters, today }, page);
        return (reply as FastifyReply).type('application/json; charset=utf-8').send(json);
      }
      return callPageJson(searchCalls(db, filters, page), today);
    },
  );

  app.get(
    '/calls/:id',
    {
      schema: {
        summary: 'Lire un appel à projets',
        description: 'Avec ses sources, ses dates limites, son montant et ses dates de première et dernière détection.',
        params: IdParams,
        response: { 200: CallSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const call = getCall(db, request.params.id);
      if (!call) throw new ApiError(404, `Appel ${request.params.id} introuvable.`);
      return callJson(call, dayIn(config.timeZone, app.now()));
    },
  );
};
