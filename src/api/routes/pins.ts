// PUT /api/calls/:id/pin and DELETE /api/calls/:id/pin: staff picks (issue 18).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { getCall, getCalls } from '../../calls/repository.js';
import { deletePin, listOpenPins, putPin, type Pin } from '../../network/pins.js';
import { dayIn } from '../clock.js';
import { ApiError } from '../errors.js';
import { isOpenOn } from '../json.js';
import { errorResponses, IdParams, nullable, pageOf, PageQuery, PinBody, PinSchema, type PinJson } from '../schemas.js';

export function pinJson(pin: Pin): PinJson {
  return {
    call_id: pin.callId,
    note: pin.note,
    internal_deadline: pin.internalDeadline,
    tags: pin.tags,
    created_at: pin.createdAt,
    updated_at: pin.updatedAt,
  };
}

function callNotFound(id: number): ApiError {
  return new ApiError(404, `Appel ${id} introuvable.`);
}

const PinListItem = Type.Object({
  ...PinSchema.properties,
  title: Type.String({ description: 'le titre de l’appel épinglé' }),
  deadline: nullable(Type.String({ description: 'sa prochaine date limite (AAAA-MM-JJ), ou null' })),
});

export const pinRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, config } = app.ctx;

  app.get(
    '/pins',
    {
      schema: {
        summary: 'Appels épinglés',
        description:
          'Les épingles des appels encore ouverts, la plus récente d’abord, avec leur note, leurs étiquettes et leur date interne : ' +
          'ce que la prochaine lettre mettra en tête, y compris les épingles réservées à certains membres (que /veille ne montre pas).',
        querystring: PageQuery,
        response: { 200: pageOf(PinListItem), ...errorResponses(400) },
      },
    },
    async (request) => {
      const today = dayIn(config.timeZone, app.now());
      const pins = listOpenPins(db, today);
      const { limit, offset } = request.query;
      const page = pins.slice(offset, offset + limit);
      const calls = new Map(getCalls(db, page.map((p) => p.callId)).map((c) => [c.id, c]));
      return {
        total: pins.length,
        items: page.map((pin) => {
          const call = calls.get(pin.callId);
          return { ...pinJson(pin), title: call?.title ?? '', deadline: call?.nextDeadline ?? null };
        }),
      };
    },
  );

  app.put(
    '/calls/:id/pin',
    {
      schema: {
        summary: 'Épingler un appel (sélection du réseau)',
        description:
          'L’appel, ouvert, passe en tête de la prochaine lettre des membres visés, avec la note, quels que soient leurs profils : ' +
          'tous les membres actifs si `tags` est vide ou absent, sinon ceux qui ont l’une de ces étiquettes. ' +
          '`internal_deadline` : date avant laquelle le réseau veut recevoir les dossiers (« envoyez-nous votre dossier avant le … »). ' +
          'Épingler de nouveau remplace l’épingle. Un appel clos perd son épingle ; on ne peut pas épingler un appel clos (400).',
        params: IdParams,
        body: PinBody,
        response: { 200: PinSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const id = request.params.id;
      const call = getCall(db, id);
      if (!call) throw callNotFound(id);
      const today = dayIn(config.timeZone, app.now());
      if (!isOpenOn(call, today)) {
        throw new ApiError(400, `Requête invalide : l’appel ${id} est clos (date limite passée) ; seuls les appels ouverts s’épinglent.`);
      }
      const { note, internal_deadline: internalDeadline, tags } = request.body;
      if (note.trim() === '') throw new ApiError(400, 'Requête invalide : corps.note : la note ne peut pas être vide');
      const pin = putPin(db, id, { note, internalDeadline: internalDeadline ?? null, tags: tags ?? [] }, app.now());
      request.log.info({ callId: id, tags: pin.tags }, 'call pinned');
      return pinJson(pin);
    },
  );

  app.delete(
    '/calls/:id/pin',
    {
      schema: {
        summary: 'Retirer l’épingle d’un appel',
        params: IdParams,
        response: { 204: Type.Null({ description: 'épingle retirée' }), ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const id = request.params.id;
      if (!getCall(db, id)) throw callNotFound(id);
      if (!deletePin(db, id)) throw new ApiError(404, `L’appel ${id} n’est pas épinglé.`);
      return reply.status(204).send(null);
    },
  );
};
