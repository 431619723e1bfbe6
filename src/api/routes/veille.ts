// GET /veille and /veille.atom (issue 18): the network's open calls for anyone, to show on the network's website.
// Only when PUBLIC_WATCH=on (404 otherwise, the same answer as an unknown path). The page may be framed by the
// origins of FUNDWATCH_PUBLIC_ORIGINS (CSP frame-ancestors); `?embed=1` drops the page's chrome for that.
// Filters are checked here rather than by a JSON schema, so a bad one gets a French page, not a JSON error.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Mustache from 'mustache';
import { findRegion, REGIONS } from '../../calls/regions.js';
import { listPublicCalls, knownCategory, type WatchFilters } from '../../network/public-watch.js';
import { buildWatchFeed, watchQuery, watchView, type WatchRequest } from '../../network/public-view.js';
import { pageTemplate, renderPage, renderTemplatePage } from '../../pages/layout.js';
import { templatesDir } from '../../paths.js';
import { dayIn } from '../clock.js';
import { handleNotFound } from '../errors.js';

export const WATCH_PAGE_SIZE = 20;
export const WATCH_FEED_SIZE = 50;
const MAX_PAGE = 10_000;

const STYLE = readFileSync(join(templatesDir, 'veille.css'), 'utf8');

class FilterError extends Error {}

function single(query: Record<string, unknown>, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new FilterError(`le paramètre « ${name} » est donné plusieurs fois.`);
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** The filters asked, or a FilterError saying in French what is wrong. */
function parseRequest(db: FastifyInstance['ctx']['db'], query: Record<string, unknown>, today: string, pageSize: number): WatchRequest {
  const filters: WatchFilters = {};
  const q = single(query, 'q');
  if (q !== undefined) {
    if (q.length > 200) throw new FilterError('la recherche est trop longue (200 caractères au plus).');
    filters.q = q;
  }
  const category = single(query, 'category');
  if (category !== undefined) {
    if (category.length > 100 || !knownCategory(db, category)) throw new FilterError(`financeur ou catégorie inconnu : « ${category.slice(0, 100)} ».`);
    filters.category = category;
  }
  const regionText = single(query, 'region');
  if (regionText !== undefined) {
    const region = findRegion(regionText.slice(0, 100));
    if (!region) throw new FilterError(`région inconnue : « ${regionText.slice(0, 100)} ». Choisissez l’une des régions de la liste (${REGIONS.map((r) => r.name).join(', ')}).`);
    filters.region = region;
  }
  const pageText = single(query, 'page') ?? '1';
  const page = /^\d{1,6}$/.test(pageText) ? Number(pageText) : NaN;
  if (!Number.isInteger(page) || page < 1 || page > MAX_PAGE) throw new FilterError(`numéro de page invalide : « ${pageText.slice(0, 20)} ».`);
  const embed = single(query, 'embed');
  if (embed !== undefined && embed !== '1' && embed !== '0') throw new FilterError('le paramètre « embed » vaut 1 ou 0.');
  return { filters, category: category ?? null, page, pageSize, embed: embed === '1', today };
}

function badFilter(reply: FastifyReply, error: FilterError, embed: boolean): FastifyReply {
  const body = Mustache.render(pageTemplate('veille-error.html'), { message: error.message, embed });
  return reply
    .status(400)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(renderPage({ title: 'Filtre invalide', body, error: true, embed }));
}

/** The host part of FUNDWATCH_BASE_URL, for the feed's entry ids. */
function idHost(baseUrl: string): string {
  try {
    return new URL(baseUrl).hostname || 'localhost';
  } catch {
    return 'localhost';
  }
}

export async function veilleRoutes(app: FastifyInstance): Promise<void> {
  const { config, db } = app.ctx;
  // Framing: this service itself, and the network's website when FUNDWATCH_PUBLIC_ORIGINS names it. X-Frame-Options
  // cannot name another origin, so it is dropped when CSP's frame-ancestors (which browsers prefer) does.
  const helmet = {
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        upgradeInsecureRequests: config.baseUrl.startsWith('https:') ? [] : null,
        frameAncestors: ["'self'", ...config.publicOrigins],
      },
    },
    ...(config.publicOrigins.length > 0 ? { xFrameOptions: false as const } : {}),
  };

  const today = () => dayIn(config.timeZone, app.now());

  app.get(
    '/veille',
    {
      helmet,
      schema: {
        summary: 'Veille publique du réseau (page HTML, seulement avec PUBLIC_WATCH=on)',
        description:
          'Les appels ouverts des sources publiques, épinglés d’abord avec le mot de l’équipe, puis par date limite. ' +
          'Paramètres : `q` (recherche plein texte), `category` (type de financeur ou catégorie), `region` (nom ou identifiant), `page`, ' +
          '`embed=1` (sans l’habillage, pour un cadre sur le site du réseau, permis aux origines de FUNDWATCH_PUBLIC_ORIGINS).',
        tags: ['public'],
        produces: ['text/html'],
      },
    },
    async (request: FastifyRequest, reply: FastifyReply) => {
      if (!config.publicWatch) return handleNotFound(request, reply);
      const query = request.query as Record<string, unknown>;
      let watch: WatchRequest;
      try {
        watch = parseRequest(db, query, today(), WATCH_PAGE_SIZE);
      } catch (error) {
        if (error instanceof FilterError) return badFilter(reply, error, query.embed === '1');
        throw error;
      }
      const page = listPublicCalls(db, watch.filters, watch.today, { limit: WATCH_PAGE_SIZE, offset: (watch.page - 1) * WATCH_PAGE_SIZE });
      const html = renderTemplatePage('veille.html', watchView(page, watch), {
        title: 'Veille financements du réseau',
        width: 760,
        embed: watch.embed,
        indexable: true,
        style: STYLE,
      });
      return reply.type('text/html; charset=utf-8').header('cache-control', 'public, max-age=300').send(html);
    },
  );

  app.get(
    '/veille.atom',
    {
      schema: {
        summary: 'Veille publique du réseau en flux Atom (seulement avec PUBLIC_WATCH=on)',
        description: `Les mêmes appels que /veille, dans le même ordre (${WATCH_FEED_SIZE} au plus), avec les mêmes filtres \`q\`, \`category\`, \`region\`.`,
        tags: ['public'],
        produces: ['application/atom+xml'],
      },
    },
    async (request: FastifyRequest, reply: FastifyReply) => {
      if (!config.publicWatch) return handleNotFound(request, reply);
      const query = request.query as Record<string, unknown>;
      let watch: WatchRequest;
      try {
        watch = parseRequest(db, query, today(), WATCH_FEED_SIZE);
      } catch (error) {
        if (error instanceof FilterError) return badFilter(reply, error, false);
        throw error;
      }
      const page = listPublicCalls(db, watch.filters, watch.today, { limit: WATCH_FEED_SIZE, offset: (watch.page - 1) * WATCH_FEED_SIZE });
      const filters = watchQuery({ ...watch, embed: false }, watch.page);
      const xml = buildWatchFeed(page, {
        selfUrl: `${config.baseUrl}/veille.atom${filters}`,
        pageUrl: `${config.baseUrl}/veille${filters}`,
        idHost: idHost(config.baseUrl),
        now: app.now(),
        today: watch.today,
      });
      return reply.type('application/atom+xml; charset=utf-8').header('cache-control', 'public, max-age=300').send(xml);
    },
  );
}
