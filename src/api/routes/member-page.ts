// The member's own pages behind their member-wide signed token (issue 17): the status of a call
// (/m/:token/calls/:callId/status) and the member page (/m/:token). A GET never changes anything (mail scanners
// follow links); every change is a POST of a form carrying the same token, and needs no JavaScript.
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { getCall } from '../../calls/repository.js';
import { getMember } from '../../members/store.js';
import type { Member } from '../../members/types.js';
import { renderMemberPage } from '../../member-space/member-page.js';
import { memberPageInput, type PageOverrides } from '../../member-space/page-data.js';
import { memberSettingsRoutes } from './member-settings.js';
import type { Call } from '../../calls/types.js';
import type { AppContext } from '../../context.js';
import { whatHappensNext } from '../../follow/next.js';
import { followSettings } from '../../follow/settings.js';
import { getFollow, isFollowStatus, setFollowStatus } from '../../follow/statuses.js';
import { dayIn, frenchDay, frenchFunder } from '../../member-space/format.js';
import { MEMBER_PAGE_PURPOSE, memberOfToken, memberPageUrl, sitePath } from '../../member-space/links.js';
import { renderProblem, renderStatusConfirm, renderStatusDone } from '../../member-space/status-page.js';
import { privateHeaders } from './member-space.js';
import { namesErasedMember } from '../../members/tokens.js';

export interface MemberPageRoutesOptions {
  ctx: AppContext;
  now?: () => Date;
}

interface StatusParams {
  token: string;
  callId: string;
}

const ID = /^[1-9][0-9]{0,14}$/;
const tokenParams = { type: 'object', properties: { token: { type: 'string' } }, required: ['token'] } as const;
const statusParams = {
  type: 'object',
  properties: { token: { type: 'string' }, callId: { type: 'string' } },
  required: ['token', 'callId'],
} as const;
// Checked by hand, so that a bad value gets the French page, not a JSON error.
const statusQuery = { type: 'object', properties: { status: { description: 'le statut proposé (interested par défaut)' } } } as const;

export const BAD_LINK = ['Lien introuvable', 'Ce lien n’est pas valide ou n’est plus actif (l’équipe a pu le renouveler). Utilisez le lien de votre dernière lettre, ou écrivez à l’équipe du réseau.'] as const;
const UNKNOWN_CALL = ['Appel introuvable', 'Cet appel à projets n’existe pas ou plus dans la veille. Rien n’a été modifié.'] as const;

function statusProblem(value: unknown): [string, string] {
  const shown = typeof value === 'string' ? `«\u00a0${value.slice(0, 40)}\u00a0»` : 'absent';
  return [
    'Statut inconnu',
    `Le statut demandé (${shown}) n’existe pas. Choisissez parmi\u00a0: à étudier, je candidate, dossier déposé, obtenu, refusé, ne plus suivre. Rien n’a été modifié.`,
  ];
}

const GONE = ['Vous n’êtes plus sur la liste', 'Vos données ont été effacées à votre demande\u00a0: ce lien ne mène plus à rien. Pour revenir, écrivez à l’équipe du réseau.'] as const;

/** A member link that does not open: 404, or 410 saying so when its member was erased. Nothing is changed. */
export function badLink(reply: FastifyReply, db: AppContext['db'], token: string): FastifyReply {
  return namesErasedMember(db, token) ? html(reply, 410, renderProblem(...GONE)) : html(reply, 404, renderProblem(...BAD_LINK));
}

export function html(reply: FastifyReply, code: number, body: string): FastifyReply {
  return privateHeaders(reply).code(code).type('text/html; charset=utf-8').send(body);
}

/** After a POST, back to a page by GET (so reloading it posts nothing again). */
export function seeOther(reply: FastifyReply, location: string): FastifyReply {
  return privateHeaders(reply).code(303).header('Location', location).send();
}

/** What the page says after each kind of change (`?fait=`). */
const NOTICES: Readonly<Record<string, string>> = {
  statut: 'Statut enregistré.',
  pause: 'C’est noté\u00a0: votre lettre est en pause jusqu’à la date choisie.',
  reprise: 'C’est noté\u00a0: votre lettre reprend dès la semaine prochaine.',
  rappels: 'Vos rappels sont enregistrés.',
  reseau: 'Votre choix est enregistré.',
  profil: 'Profil enregistré. Votre prochaine lettre en tient compte.',
};

function callFace(call: Call) {
  return { title: call.title, funder: frenchFunder(call), deadline: call.nextDeadline ? frenchDay(call.nextDeadline) : null };
}

export const memberPageRoutes: FastifyPluginAsync<MemberPageRoutesOptions> = async (app, options) => {
  const { ctx } = options;
  const now = options.now ?? (() => new Date());
  if (!app.hasDecorator('rateLimit')) await app.register(rateLimit, { global: true, max: 60, timeWindow: 60_000 });
  if (!app.hasContentTypeParser('application/x-www-form-urlencoded')) await app.register(formbody);

  /** The member and call a status link is for, or the problem page to answer with. */
  function resolve(params: StatusParams): { memberId: number; call: Call; pageUrl: string } | { code: number; page: string } {
    const memberId = memberOfToken(ctx, params.token, MEMBER_PAGE_PURPOSE);
    if (memberId === null) {
      return namesErasedMember(ctx.db, params.token) ? { code: 410, page: renderProblem(...GONE) } : { code: 404, page: renderProblem(...BAD_LINK) };
    }
    const pageUrl = memberPageUrl(ctx, memberId);
    const call = ID.test(params.callId) ? getCall(ctx.db, Number(params.callId)) : null;
    if (!call) return { code: 404, page: renderProblem(...UNKNOWN_CALL, pageUrl) };
    return { memberId, call, pageUrl };
  }

  const today = () => dayIn(ctx.config.timeZone, now());

  /** The member behind a member-page token, or null (forged, altered, rotated, or the member is gone). */
  function memberOf(token: string): Member | null {
    const memberId = memberOfToken(ctx, token, MEMBER_PAGE_PURPOSE);
    return memberId === null ? null : getMember(ctx.db, memberId);
  }

  function page(reply: FastifyReply, code: number, member: Member, overrides: PageOverrides): FastifyReply {
    return html(reply, code, renderMemberPage(memberPageInput(ctx, member, today(), overrides)));
  }

  app.get<{ Params: { token: string }; Querystring: { fait?: unknown } }>(
    '/m/:token',
    {
      schema: {
        params: tokenParams,
        summary: 'Page du membre (publique, signée) : appels suivis, profils, pause, rappels, désabonnement.',
      },
    },
    async (request, reply) => {
      const member = memberOf(request.params.token);
      if (!member) return badLink(reply, ctx.db, request.params.token);
      const fait = request.query.fait;
      return page(reply, 200, member, { notice: typeof fait === 'string' ? (NOTICES[fait] ?? null) : null });
    },
  );

  await app.register(memberSettingsRoutes, { ctx, now, memberOf, page, today });

  const isOpen = (call: Call) => call.status === 'open' && (call.nextDeadline === null || call.nextDeadline >= dayIn(ctx.config.timeZone, now()));
  const path = '/m/:token/calls/:callId/status';
  const schema = {
    params: statusParams,
    querystring: statusQuery,
    summary: 'Page de statut d’un appel (publique, signée) : confirmation en français avec un bouton ; ne change rien.',
  };

  app.get<{ Params: StatusParams; Querystring: { status?: unknown } }>(path, { schema }, async (request, reply) => {
    const target = resolve(request.params);
    if ('page' in target) return html(reply, target.code, target.page);
    const proposed = request.query.status ?? 'interested';
    if (!isFollowStatus(proposed)) return html(reply, 400, renderProblem(...statusProblem(proposed), target.pageUrl));
    const current = getFollow(ctx.db, target.memberId, target.call.id)?.status ?? null;
    const open = isOpen(target.call);
    return html(
      reply,
      200,
      renderStatusConfirm({
        ...callFace(target.call),
        proposed,
        current,
        closed: !open,
        next: whatHappensNext(proposed, followSettings(ctx.db, target.memberId)!, open),
        action: request.url.split('?')[0]!,
        memberPageUrl: target.pageUrl,
      }),
    );
  });

  app.post<{ Params: StatusParams; Body: unknown }>(path, {
    schema: {
      params: statusParams,
      summary: 'Enregistre le statut d’un appel (publique, signée) : formulaire `status=` interested, applying, submitted, won, lost ou none.',
    },
  }, async (request, reply) => {
    const target = resolve(request.params);
    if ('page' in target) return html(reply, target.code, target.page);
    const body = request.body;
    const status: unknown = body !== null && typeof body === 'object' ? (body as Record<string, unknown>).status : undefined;
    if (!isFollowStatus(status)) return html(reply, 400, renderProblem(...statusProblem(status), target.pageUrl));
    const outcome = setFollowStatus(ctx.db, target.memberId, target.call.id, status, now());
    if (outcome.changed) request.log.info({ memberId: target.memberId, callId: target.call.id, status, previous: outcome.previous }, 'call status recorded');
    // From the member page's one-click buttons: back to the page, which shows the new status.
    if ((body as Record<string, unknown>).retour === 'page') {
      return seeOther(reply, sitePath(ctx.config.baseUrl, `/m/${encodeURIComponent(request.params.token)}?fait=statut#appels`));
    }
    return html(
      reply,
      200,
      renderStatusDone({
        ...callFace(target.call),
        status,
        next: whatHappensNext(status, followSettings(ctx.db, target.memberId)!, isOpen(target.call)),
        memberPageUrl: target.pageUrl,
      }),
    );
  });
};
