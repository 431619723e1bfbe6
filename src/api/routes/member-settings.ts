// The member page's forms (issue 17): pause and resume the digest, reminders and their lead times, the network
// opt-in, and each profile's keywords, exclusions, regions and description (with a preview that saves nothing).
// Every one is a POST under /m/:token, works without JavaScript, and answers a problem with the member page itself,
// status 400, the problem shown next to its form and nothing changed; success is a 303 back to the page.
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { AppContext } from '../../context.js';
import { followSettings, setPausedUntil, setReminderSettings } from '../../follow/settings.js';
import { previewProfileOffThread } from '../../match/preview.js';
import { checkbox, checkLeadDays, checkPauseUntil, checkProfileForm, field, readProfileForm } from '../../member-space/forms.js';
import type { PageOverrides } from '../../member-space/page-data.js';
import { renderProblem } from '../../member-space/status-page.js';
import { getProfile, updateMember, updateProfile } from '../../members/store.js';
import type { Member } from '../../members/types.js';
import { refreshProfileMatches } from '../refresh.js';
import { badLink, html, seeOther } from './member-page.js';
import { sitePath } from '../../member-space/links.js';

export interface MemberSettingsOptions {
  ctx: AppContext;
  now: () => Date;
  today: () => string;
  memberOf: (token: string) => Member | null;
  page: (reply: FastifyReply, code: number, member: Member, overrides: PageOverrides) => FastifyReply;
}

interface TokenParams {
  token: string;
}

/** What a form did: back to the page with a notice, or the page again with the problem. */
type Outcome = { done: string; anchor: string } | { problem: string; at: NonNullable<PageOverrides['problemAt']>; leadDaysText?: string };

const tokenParams = { type: 'object', properties: { token: { type: 'string' } }, required: ['token'] } as const;
const profileParams = {
  type: 'object',
  properties: { token: { type: 'string' }, profileId: { type: 'string' } },
  required: ['token', 'profileId'],
} as const;
const ID = /^[1-9][0-9]{0,14}$/;
const PROFILE_POSTS_PER_MINUTE = 20;

const UNKNOWN_PROFILE = ['Profil introuvable', 'Ce profil n’existe pas ou plus. Rien n’a été modifié.'] as const;
const UNKNOWN_ACTION = 'Ce formulaire n’est pas reconnu (action inconnue). Rien n’a été modifié.';

export const memberSettingsRoutes: FastifyPluginAsync<MemberSettingsOptions> = async (app, options) => {
  const { ctx, now, today, memberOf, page } = options;

  function pause(member: Member, body: unknown): Outcome {
    const until = checkPauseUntil(field(body, 'until'), today());
    if (!until.ok) return { problem: until.problem, at: 'pause' };
    setPausedUntil(ctx.db, member.id, until.value, now());
    return { done: 'pause', anchor: 'pause' };
  }

  function resume(member: Member): Outcome {
    setPausedUntil(ctx.db, member.id, null, now());
    return { done: 'reprise', anchor: 'pause' };
  }

  function reminders(member: Member, body: unknown): Outcome {
    const text = field(body, 'days');
    const enabled = checkbox(body, 'enabled');
    // Turning reminders off needs no lead times: an emptied field then keeps the ones set before.
    if (!enabled && (text ?? '').trim() === '') {
      setReminderSettings(ctx.db, member.id, followSettings(ctx.db, member.id)!.leadDays, false, now());
      return { done: 'rappels', anchor: 'rappels' };
    }
    const days = checkLeadDays(text);
    if (!days.ok) return { problem: days.problem, at: 'rappels', leadDaysText: text ?? '' };
    setReminderSettings(ctx.db, member.id, days.value, enabled, now());
    return { done: 'rappels', anchor: 'rappels' };
  }

  function visibility(member: Member, body: unknown): Outcome {
    updateMember(ctx.db, member.id, { visibleToNetwork: checkbox(body, 'visible_to_network') }, now());
    return { done: 'reseau', anchor: 'reseau' };
  }

  const ACTIONS: Record<string, (member: Member, body: unknown) => Outcome> = { pause, resume, reminders, visibility };

  function answer(reply: FastifyReply, token: string, member: Member, outcome: Outcome): FastifyReply {
    if ('done' in outcome) return seeOther(reply, sitePath(ctx.config.baseUrl, `/m/${encodeURIComponent(token)}?fait=${outcome.done}#${outcome.anchor}`));
    return page(reply, 400, member, { problem: outcome.problem, problemAt: outcome.at, leadDaysText: outcome.leadDaysText });
  }

  for (const [name, act] of Object.entries(ACTIONS)) {
    app.post<{ Params: TokenParams; Body: unknown }>(
      `/m/:token/${name}`,
      { schema: { params: tokenParams, summary: `Page du membre : ${SUMMARIES[name]} (formulaire, lien signé).` } },
      async (request, reply) => {
        const member = memberOf(request.params.token);
        if (!member) return badLink(reply, ctx.db, request.params.token);
        const outcome = act(member, request.body);
        request.log.info({ memberId: member.id, action: name, ok: 'done' in outcome }, 'member page form');
        return answer(reply, request.params.token, member, outcome);
      },
    );
  }

  // One route for every form, `action=` naming it: what the first version of the page posted to.
  app.post<{ Params: TokenParams; Body: unknown }>(
    '/m/:token',
    { schema: { params: tokenParams, summary: 'Page du membre : formulaire `action=` pause, resume, reminders ou visibility (lien signé).' } },
    async (request, reply) => {
      const member = memberOf(request.params.token);
      if (!member) return badLink(reply, ctx.db, request.params.token);
      const name = field(request.body, 'action');
      const act = name ? ACTIONS[name] : undefined;
      if (!act || !Object.hasOwn(ACTIONS, name!)) return page(reply, 400, member, { problem: UNKNOWN_ACTION });
      return answer(reply, request.params.token, member, act(member, request.body));
    },
  );

  app.post<{ Params: TokenParams & { profileId: string }; Body: unknown }>(
    '/m/:token/profiles/:profileId',
    {
      // Scoring every open call takes a second or two at 20,000 calls (on a worker thread): a few a minute.
      config: { rateLimit: { max: PROFILE_POSTS_PER_MINUTE, timeWindow: 60_000 } },
      schema: {
        params: profileParams,
        summary: 'Page du membre : modifie un profil (mots-clés, exclusions, régions, description) ou, avec `action=preview`, montre ce qu’il retiendrait sans rien enregistrer.',
      },
    },
    async (request, reply) => {
      const member = memberOf(request.params.token);
      if (!member) return badLink(reply, ctx.db, request.params.token);
      const profile = ID.test(request.params.profileId) ? getProfile(ctx.db, Number(request.params.profileId)) : null;
      const pageUrl = sitePath(ctx.config.baseUrl, `/m/${encodeURIComponent(request.params.token)}`);
      if (!profile || profile.memberId !== member.id) return html(reply, 404, renderProblem(...UNKNOWN_PROFILE, pageUrl));
      const form = readProfileForm(request.body);
      const action = field(request.body, 'action') || 'save';
      if (form === null || (action !== 'save' && action !== 'preview')) return page(reply, 400, member, { problem: UNKNOWN_ACTION });
      const checked = checkProfileForm(form);
      if (!checked.ok) return page(reply, 400, member, { profile: { id: profile.id, form, preview: null, problem: checked.problem } });
      if (action === 'preview') {
        const preview = await previewProfileOffThread(ctx, { ...profile, ...checked.value }, today());
        return page(reply, 200, member, { profile: { id: profile.id, form, preview, problem: null } });
      }
      const at = now();
      updateProfile(ctx.db, profile.id, checked.value, at);
      await refreshProfileMatches(ctx, [profile.id], request.log, at);
      request.log.info({ memberId: member.id, profileId: profile.id }, 'profile edited from the member page');
      return seeOther(reply, `${pageUrl}?fait=profil#profil-${profile.id}`);
    },
  );
};

const SUMMARIES: Record<string, string> = {
  pause: 'met la lettre en pause jusqu’à `until` (AAAA-MM-JJ, à venir, un an au plus)',
  resume: 'reprend la lettre',
  reminders: 'rappels activés (`enabled`) et délais `days` (« 14, 3 »)',
  visibility: 'case `visible_to_network` (candidatures communes)',
};
