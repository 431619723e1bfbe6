// buildApp(): the fastify instance, without listening, so tests can inject requests.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyPluginAsync, type FastifyReply } from 'fastify';
import type { AppContext } from '../context.js';
import { projectRoot } from '../paths.js';
import type { Fetcher } from '../reader/fetcher/index.js';
import { createFetcher } from '../reader/ingest.js';
import { requireAdminToken } from './auth.js';
import { clientErrorHandler } from './client-error.js';
import { ApiError, errorBody, handleError, handleNotFound } from './errors.js';
import { callRoutes } from './routes/calls.js';
import { digestRoutes } from './routes/digests.js';
import { feedbackRoutes } from './routes/feedback.js';
import { healthRoutes } from './routes/health.js';
import { homeRoutes } from './routes/home.js';
import { matchRoutes } from './routes/matches.js';
import { memberCallRoutes } from './routes/member-calls.js';
import { memberPageRoutes } from './routes/member-page.js';
import { memberSpaceRoutes } from './routes/member-space.js';
import { memberRoutes } from './routes/members.js';
import { pinRoutes } from './routes/pins.js';
import { profileRoutes } from './routes/profiles.js';
import { sourceRoutes } from './routes/sources.js';
import { unsubscribeRoutes } from './routes/unsubscribe.js';
import { veilleRoutes } from './routes/veille.js';
import { errorResponses } from './schemas.js';
import { schemaErrorFormatter, validatorCompiler } from './validation.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Configuration, database and logger, opened once by the caller of buildApp. */
    ctx: AppContext;
    /** The clock (replaceable in tests). */
    now: () => Date;
    /** Fetches sources on request (POST /api/sources/:id/fetch), with the scheduler's politeness state when shared. */
    fetcher: Fetcher;
    /** Every route registered, as `METHOD /path` (HEAD left out): what docs/reference.md must list. */
    routeList: string[];
  }
}

export interface AppOptions {
  /** The clock, for tests; defaults to the real one. */
  now?: () => Date;
  /** Largest request body accepted, in bytes (default 256 KiB). */
  bodyLimit?: number;
  /** Requests per minute and client address on each public route (default 120). */
  publicRateLimit?: number;
  /**
   * The process's fetcher (serve passes the scheduler's), so a fetch asked through the API keeps the same robots.txt
   * cache and per-host spacing as the scheduled ones; by default one for this app.
   */
  fetcher?: Fetcher;
}

export const DEFAULT_BODY_LIMIT = 256 * 1024;

function tooManyRequests(_request: unknown, context: { ttl: number }) {
  const seconds = Math.max(1, Math.ceil(context.ttl / 1000));
  return { ...errorBody(429, `Trop de requêtes : réessayez dans ${seconds} seconde${seconds > 1 ? 's' : ''}.`) };
}

/**
 * Whose X-Forwarded-For is believed: a reverse proxy on this machine or on a private network (the HTTPS front that
 * a public deployment needs, or Docker's bridge). Without it every visitor behind the proxy shares one address, so
 * one feed reader polling /veille.atom would lock every member out of their pages. A client reaching the service
 * directly from the internet cannot choose its address this way.
 */
const TRUSTED_PROXIES = ['loopback', 'uniquelocal'];

const PACKAGE_VERSION = (JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;

/** The OpenAPI document's groups, one per resource, in this order. */
const RESOURCE_TAGS = [
  { name: 'calls', description: 'Appels à projets relevés' },
  { name: 'sources', description: 'Sources de feeds.yaml et leur santé' },
  { name: 'members', description: 'Membres, leurs liens privés et leurs appels' },
  { name: 'profiles', description: 'Profils de projet des membres' },
  { name: 'digests', description: 'Lettres hebdomadaires' },
  { name: 'feedback', description: 'Retours « Pas pertinent » des membres' },
  { name: 'member-links', description: 'Liens signés envoyés aux membres (publics)' },
  { name: 'public', description: 'Pages et routes publiques' },
];

/** The tag of a route without one, from its path: /api/members/... is `members`, /m/... `member-links`. */
function resourceTag(url: string): string {
  if (url.startsWith('/m/') || url.startsWith('/unsubscribe/')) return 'member-links';
  const resource = /^\/api\/([a-z-]+)/.exec(url)?.[1];
  return resource && RESOURCE_TAGS.some((t) => t.name === resource) ? resource : 'public';
}

/** Summaries of the members' signed links (their routes carry none of their own). */
const MEMBER_LINK_SUMMARIES: Record<string, string> = {
  'GET /m/:token/calendar.ics': 'Agenda des dates limites d’un membre (iCalendar, lien signé)',
  'GET /m/:token/feed.atom': 'Flux Atom personnel d’un membre (lien signé ; lisible dans un navigateur)',
  'GET /m/:token/feed.xsl': 'Feuille de style qui affiche le flux Atom en page française dans un navigateur',
  'GET /m/:token/not-relevant/:callId': '« Pas pertinent » : page de confirmation (ne change rien)',
  'POST /m/:token/not-relevant/:callId': '« Pas pertinent » : masque l’appel pour ce membre et le signale à l’équipe',
};

const UNSUBSCRIBE_DOCS: Record<string, string> = {
  GET: 'Page de désabonnement (publique) : confirmation en français avec un bouton ; ne change rien.',
  POST: 'Désabonnement (public), depuis le bouton de la page ou en un clic (RFC 8058, corps `List-Unsubscribe=One-Click`).',
};

/** Public routes (health, docs, member pages), rate-limited per client address. */
function publicRoutes(options: AppOptions): FastifyPluginAsync {
  return async (app) => {
    // The unsubscribe pages are part of the public interface: list them in the OpenAPI document too.
    app.addHook('onRoute', (route) => {
      const method = [route.method].flat()[0] ?? '';
      if (route.url.startsWith('/unsubscribe/') && UNSUBSCRIBE_DOCS[method]) {
        route.schema = { ...route.schema, hide: false, summary: UNSUBSCRIBE_DOCS[method], produces: ['text/html'] };
      }
    });
    await app.register(rateLimit, { max: options.publicRateLimit ?? 120, timeWindow: 60_000, errorResponseBuilder: tooManyRequests });
    // The browsable docs are public too, so they share the limit (a page view is about ten requests).
    await app.register(swaggerUi, {
      routePrefix: '/docs',
      staticCSP: true,
      // Swagger UI sets style attributes from its scripts; inline styles (not scripts) are allowed for it.
      transformStaticCSP: (header) =>
        header.replace(/style-src ([^;]*)/, (directive, sources: string) => (sources.includes("'unsafe-inline'") ? directive : `style-src ${sources} 'unsafe-inline'`)),
    });
    await app.register(healthRoutes);
    await app.register(homeRoutes);
    await app.register(unsubscribeRoutes, { ctx: app.ctx });
    await app.register(memberSpaceRoutes, { ctx: app.ctx, now: app.now });
    await app.register(memberPageRoutes, { ctx: app.ctx, now: app.now });
    await app.register(veilleRoutes);
  };
}

/** Everything under /api: behind the admin token, documented as such. */
const adminApi: FastifyPluginAsync = async (app) => {
  app.addHook('onRoute', (route) => {
    route.schema = {
      ...route.schema,
      security: [{ bearerAuth: [] }],
      response: { ...errorResponses(401, 503), ...(route.schema?.response as object | undefined) },
    };
  });
  // JSON only: a text/plain body is refused with 415 instead of failing validation as a string.
  app.removeContentTypeParser('text/plain');
  // Many HTTP clients send "Content-Type: application/json" on a DELETE or a bodyless POST: no body is no body.
  app.addHook('onRequest', async (request) => {
    const bodyless = request.headers['content-length'] === '0' || (request.headers['content-length'] === undefined && request.headers['transfer-encoding'] === undefined);
    if (bodyless) delete request.headers['content-type'];
  });
  app.addHook('onRequest', requireAdminToken(app.ctx.config.adminToken));
  // A route without a body schema takes no body: fields sent to it would be ignored without a word, so they are refused.
  app.addHook('preValidation', async (request) => {
    if (request.routeOptions.schema?.body !== undefined || request.body === undefined || request.body === null) return;
    const fields = typeof request.body === 'object' && !Array.isArray(request.body) ? Object.keys(request.body) : null;
    if (fields?.length === 0) return;
    const what = fields ? `champ inconnu « ${fields[0]} »` : 'doit être vide';
    throw new ApiError(400, `Requête invalide : corps : ${what} (${request.method} ${request.routeOptions.url ?? ''} ne prend pas de corps)`);
  });
  await app.register(memberRoutes);
  await app.register(memberCallRoutes);
  await app.register(profileRoutes);
  await app.register(callRoutes);
  await app.register(pinRoutes);
  await app.register(matchRoutes);
  await app.register(sourceRoutes);
  await app.register(digestRoutes);
  await app.register(feedbackRoutes, { ctx: app.ctx, now: app.now });
};

export async function buildApp(ctx: AppContext, options: AppOptions = {}): Promise<FastifyInstance> {
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const app = Fastify({
    loggerInstance: ctx.log as FastifyBaseLogger,
    bodyLimit,
    schemaErrorFormatter,
    clientErrorHandler: clientErrorHandler(ctx.log as FastifyBaseLogger),
    // Query strings like ?limit=10 are compared as given; no silent rewriting of input.
    routerOptions: { ignoreTrailingSlash: true },
    trustProxy: TRUSTED_PROXIES,
    // A malformed address (« /m/%ZZ ») is refused by the router before any route: in French and in the API's shape.
    frameworkErrors: (error, _request, reply: FastifyReply) => {
      const message = error.code === 'FST_ERR_BAD_URL' ? 'Adresse mal formée (un caractère % n’est pas suivi de deux chiffres hexadécimaux).' : 'Requête invalide.';
      void reply.code(400).send(errorBody(400, message));
    },
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setErrorHandler(handleError(bodyLimit));
  app.setNotFoundHandler(handleNotFound);
  app.decorate('ctx', ctx);
  app.decorate('now', options.now ?? (() => new Date()));
  app.decorate('fetcher', options.fetcher ?? createFetcher(ctx));
  const routeList: string[] = [];
  app.decorate('routeList', routeList);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') routeList.push(`${method} ${route.url}`);
    // Every documented route in a resource group, and the members' links with a summary.
    const schema = (route.schema ?? {}) as { tags?: string[]; summary?: string };
    if (route.url.startsWith('/docs')) return;
    const method = [route.method].flat().find((m) => m !== 'HEAD') ?? 'GET';
    const summary = schema.summary ?? MEMBER_LINK_SUMMARIES[`${method} ${route.url}`];
    route.schema = { ...route.schema, tags: schema.tags ?? [resourceTag(route.url)], ...(summary ? { summary } : {}) };
  });

  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: {
      useDefaults: true,
      // On a plain-http deployment (the default http://localhost:3000) this directive would send the
      // unsubscribe button and the docs' assets to https, where nothing listens.
      directives: { upgradeInsecureRequests: ctx.config.baseUrl.startsWith('https:') ? [] : null },
    },
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'fundwatch',
        description:
          "API d'administration de la veille des financements : membres, profils de projet, appels à projets, sources et lettres. " +
          'Toutes les routes /api/* demandent `Authorization: Bearer $FUNDWATCH_ADMIN_TOKEN`.',
        version: PACKAGE_VERSION,
      },
      tags: RESOURCE_TAGS,
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
    },
  });
  await app.register(publicRoutes(options));
  await app.register(adminApi, { prefix: '/api' });
  return app;
}
