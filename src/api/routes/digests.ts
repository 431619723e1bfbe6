// Digests for admins: preview a member's digest, run the weekly digest now, list past runs.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { formatLongDate } from '../../digest/format.js';
import { previewDigest } from '../../digest/preview.js';
import { DigestRunInProgressError, listDigestRuns, runDigests } from '../../digest/run.js';
import { getMember, getMemberByEmail } from '../../members/store.js';
import { dayIn } from '../clock.js';
import { ApiError } from '../errors.js';
import { errorResponses, IdParams, nullable, pageOf, PageQuery } from '../schemas.js';
import { memberNotFound } from './members.js';

const PreviewQuery = Type.Object(
  { format: Type.Optional(Type.Enum(['html', 'text', 'json'], { default: 'html', description: 'html (par défaut), text, ou json : {subject, html, text}' })) },
  { additionalProperties: false },
);

const PreviewJson = Type.Object({ subject: Type.String(), html: Type.String(), text: Type.String() });

const RunBody = Type.Object(
  {
    dry_run: Type.Optional(Type.Boolean({ description: 'écrire les lettres dans le dossier outbox au lieu de les envoyer' })),
    member: Type.Optional(Type.String({ format: 'email', maxLength: 254, description: 'seulement ce membre (email)' })),
    now: Type.Optional(Type.String({ format: 'date-time', description: 'faire comme si l’on était à cette date (semaine, nouveautés)' })),
  },
  { additionalProperties: false },
);

const RunSummarySchema = Type.Object({
  run_id: Type.Integer(),
  week: Type.String({ description: 'semaine ISO, ex. 2026-W11' }),
  sent: Type.Integer(),
  skipped: Type.Integer(),
  failed: Type.Integer(),
  stuck: Type.Integer({ description: 'envois interrompus dont l’issue est inconnue : non renvoyés, à vérifier' }),
  errors: Type.Array(Type.Object({ email: Type.String(), error: Type.String() })),
});

const DigestRunSchema = Type.Object({
  id: Type.Integer(),
  week: Type.String(),
  started_at: Type.String(),
  finished_at: nullable(Type.String()),
  dry_run: Type.Boolean(),
  sent: Type.Integer(),
  skipped: Type.Integer(),
  failed: Type.Integer(),
  stuck: Type.Integer(),
});

export const digestRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;

  app.get(
    '/members/:id/digest/preview',
    {
      schema: {
        summary: 'Aperçu de la lettre de la semaine d’un membre',
        description: 'La lettre telle qu’elle partirait maintenant (HTML par défaut), sans rien envoyer ni enregistrer.',
        params: IdParams,
        querystring: PreviewQuery,
        produces: ['text/html', 'text/plain', 'application/json'],
        response: {
          200: Type.Union([PreviewJson, Type.String({ description: 'la lettre en HTML (ou en texte avec format=text)' })]),
          ...errorResponses(400, 404, 409),
        },
      },
    },
    async (request, reply) => {
      const member = getMember(ctx.db, request.params.id);
      if (!member) throw memberNotFound(request.params.id);
      if (member.status !== 'active') throw new ApiError(409, `Le membre ${member.id} est désinscrit : aucune lettre ne lui est envoyée.`);
      // As it would be sent: a paused member is sent nothing this week (the first digest after the pause catches up).
      const today = dayIn(ctx.config.timeZone, app.now());
      if (member.pausedUntil !== null && member.pausedUntil > today) {
        throw new ApiError(
          409,
          `Le membre ${member.id} est en pause jusqu’au ${formatLongDate(member.pausedUntil)} : aucune lettre ne lui est envoyée d’ici là ; ` +
            'la première après la pause reprendra les appels trouvés entre-temps (retirez la pause, paused_until: null, pour la voir dès maintenant).',
        );
      }
      const preview = await previewDigest(ctx, member.id, app.now());
      if (!preview) {
        throw new ApiError(404, `Rien à envoyer cette semaine au membre ${member.id} : aucun appel ouvert ne correspond à ses profils.`);
      }
      const format = request.query.format ?? 'html';
      if (format === 'json') return preview;
      // Sent as a raw page, not through the JSON serialiser.
      const type = format === 'text' ? 'text/plain; charset=utf-8' : 'text/html; charset=utf-8';
      return reply.type(type).header('cache-control', 'no-store').serializer((payload: unknown) => String(payload)).send(format === 'text' ? preview.text : preview.html);
    },
  );

  app.post(
    '/digests/run',
    {
      schema: {
        summary: 'Lancer les lettres de la semaine maintenant',
        description: 'Comme `fundwatch digest` : corps facultatif `{dry_run, member, now}`. Un membre déjà servi cette semaine n’est pas resservi.',
        body: RunBody,
        response: { 200: RunSummarySchema, ...errorResponses(400, 404, 409) },
      },
      // No body at all means "the default run".
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request) => {
      const { dry_run: dryRun, member, now } = request.body;
      if (member !== undefined) {
        const found = getMemberByEmail(ctx.db, member);
        if (!found) throw new ApiError(404, `Aucun membre avec l'adresse ${member}.`);
        if (found.status !== 'active') throw new ApiError(409, `Le membre ${member} est désinscrit : aucune lettre ne lui est envoyée.`);
      }
      const summary = await runDigests(ctx, { dryRun, memberEmail: member, now: now === undefined ? app.now() : new Date(now) }).catch((error: unknown) => {
        if (error instanceof DigestRunInProgressError) throw new ApiError(409, `${error.message.charAt(0).toUpperCase()}${error.message.slice(1)}.`);
        throw error;
      });
      return {
        run_id: summary.runId,
        week: summary.week,
        sent: summary.sent,
        skipped: summary.skipped,
        failed: summary.failed,
        stuck: summary.stuck,
        errors: summary.errors,
      };
    },
  );

  app.get(
    '/digests',
    {
      schema: {
        summary: 'Lettres déjà lancées',
        description: 'Les plus récentes d’abord : quand, combien envoyées, sautées, en échec. Des totaux anonymes, qui survivent aux membres.',
        querystring: PageQuery,
        response: { 200: pageOf(DigestRunSchema), ...errorResponses(400) },
      },
    },
    async (request) => {
      const page = listDigestRuns(ctx.db, { limit: request.query.limit, offset: request.query.offset });
      return {
        total: page.total,
        items: page.items.map((r) => ({
          id: r.id,
          week: r.week,
          started_at: r.startedAt,
          finished_at: r.finishedAt,
          dry_run: r.dryRun,
          sent: r.sent,
          skipped: r.skipped,
          failed: r.failed,
          stuck: r.stuck,
        })),
      };
    },
  );
};
