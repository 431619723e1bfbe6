// Public unsubscribe pages. GET only shows a confirmation page (mail scanners prefetch links: a GET must
// change nothing); POST, from the page's button or a mail client's RFC 8058 one-click request
// (body `List-Unsubscribe=One-Click`), unsubscribes, and saying it twice is fine.
import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/connection.js';
import { signingSecret } from '../../db/settings.js';
import { profilesOfMember } from '../../members/store.js';
import { namesErasedMember, TOKEN_PURPOSES, verifyMemberToken } from '../../members/tokens.js';
import { renderTemplatePage } from '../../pages/layout.js';
import { refreshProfileMatches } from '../refresh.js';

interface PageView {
  title: string;
  token?: string;
  email?: string;
  contact: string | null;
  error?: boolean;
  confirm?: boolean;
  done?: boolean;
  already?: boolean;
  gone?: boolean;
  invalid?: boolean;
}

interface MemberState {
  email: string;
  status: 'active' | 'unsubscribed';
}

function memberState(db: Db, id: number): MemberState | null {
  return (db.prepare('SELECT email, status FROM members WHERE id = ?').get(id) as MemberState | undefined) ?? null;
}

/** Unsubscribes an active member; true when this call changed something. */
export function unsubscribeMember(db: Db, id: number, now: Date = new Date()): boolean {
  const at = now.toISOString();
  return (
    db
      .prepare(`UPDATE members SET status = 'unsubscribed', unsubscribed_at = ?, updated_at = ? WHERE id = ? AND status = 'active'`)
      .run(at, at, id).changes === 1
  );
}

function contactAddress(ctx: AppContext): string | null {
  const mailbox = ctx.config.staffEmail ?? ctx.config.mailFrom;
  const address = (/<([^>]+)>\s*$/.exec(mailbox)?.[1] ?? mailbox).trim();
  return address.endsWith('@localhost') ? null : address;
}

export async function unsubscribeRoutes(app: FastifyInstance, opts: { ctx: AppContext }): Promise<void> {
  const { ctx } = opts;
  // One-click POSTs are form-encoded (RFC 8058); some clients send multipart. The body carries nothing we
  // need (the token is the whole request), so accept both without depending on what the app registered.
  if (!app.hasContentTypeParser('application/x-www-form-urlencoded')) await app.register(formbody);
  if (!app.hasContentTypeParser('multipart/form-data')) {
    app.addContentTypeParser('multipart/form-data', { parseAs: 'string' }, (_request, _body, done) => done(null, {}));
  }

  const send = (reply: FastifyReply, status: number, view: PageView) =>
    reply
      .code(status)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      // The token is in the URL: do not hand it to other sites, and keep the page out of search engines.
      .header('referrer-policy', 'no-referrer')
      .header('x-robots-tag', 'noindex')
      .send(renderTemplatePage('unsubscribe.html', view, { title: view.title, error: view.error }));

  const invalid = (reply: FastifyReply, token: string) =>
    namesErasedMember(ctx.db, token)
      ? send(reply, 410, { title: 'Vous n’êtes plus sur la liste', gone: true, contact: contactAddress(ctx) })
      : send(reply, 400, { title: 'Lien de désabonnement invalide', error: true, invalid: true, contact: contactAddress(ctx) });

  const verify = (token: string) => verifyMemberToken(ctx.db, signingSecret(ctx.db, ctx.config.secret), token, TOKEN_PURPOSES.unsubscribe);

  const params = {
    type: 'object',
    properties: { token: { type: 'string' } },
    required: ['token'],
  } as const;

  app.get<{ Params: { token: string } }>('/unsubscribe/:token', { schema: { params, hide: true } }, async (request, reply) => {
    const id = verify(request.params.token);
    const member = id === null ? null : memberState(ctx.db, id);
    if (!member) return invalid(reply, request.params.token);
    if (member.status === 'unsubscribed') {
      return send(reply, 200, { title: 'Vous êtes déjà désabonné·e', already: true, email: member.email, contact: contactAddress(ctx) });
    }
    return send(reply, 200, {
      title: 'Se désabonner de la veille financements',
      confirm: true,
      token: request.params.token,
      email: member.email,
      contact: contactAddress(ctx),
    });
  });

  app.post<{ Params: { token: string } }>('/unsubscribe/:token', { schema: { params, hide: true } }, async (request, reply) => {
    const id = verify(request.params.token);
    const member = id === null ? null : memberState(ctx.db, id);
    if (id === null || !member) return invalid(reply, request.params.token);
    const now = new Date();
    if (unsubscribeMember(ctx.db, id, now)) {
      request.log.info({ memberId: id }, 'member unsubscribed');
      // As when an admin changes the status: an unsubscribed member keeps no matches (nor a feed of them).
      await refreshProfileMatches(ctx, profilesOfMember(ctx.db, id).map((p) => p.id), request.log, now);
    }
    return send(reply, 200, { title: 'Vous êtes désabonné·e', done: true, email: member.email, contact: contactAddress(ctx) });
  });
}
