// The fixture site of test/fixtures/site served as three sources: an ISO-8859-1 RSS feed, an Atom feed, an HTML
// listing with detail pages.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SourceConfig } from '../../../src/sources/load.js';
import { serve, startSite, type Site } from './site.js';

export const fixturesDir = fileURLToPath(new URL('../../fixtures/', import.meta.url));

export function fixture(path: string): Buffer {
  return readFileSync(join(fixturesDir, path));
}

export async function startFixtureSite(): Promise<Site> {
  return startSite({
    '/robots.txt': serve('User-agent: *\nDisallow: /prive/\n', { 'content-type': 'text/plain' }),
    '/region/flux.xml': serve(fixture('site/region-rss.xml'), { 'content-type': 'application/rss+xml; charset=ISO-8859-1' }, '"rss-1"'),
    '/fondation/atom.xml': serve(fixture('site/fondation-atom.xml'), { 'content-type': 'application/atom+xml' }, '"atom-1"'),
    '/dept/appels-a-projets.html': serve(fixture('site/listing.html'), { 'content-type': 'text/html; charset=utf-8' }, '"html-1"'),
    '/dept/appels/ateliers-numeriques.html': serve(fixture('site/appels/ateliers-numeriques.html'), { 'content-type': 'text/html' }),
    '/dept/appels/aidants-connect.html': serve(fixture('site/appels/aidants-connect.html'), { 'content-type': 'text/html' }),
  });
}

export function source(id: string, overrides: Partial<SourceConfig> & Pick<SourceConfig, 'url'>): SourceConfig {
  return {
    id,
    name: `Source ${id}`,
    type: 'rss',
    funder: 'region',
    regions: ['provence-alpes-cote-d-azur'],
    categories: ['numerique'],
    enabled: true,
    expectNewWithinDays: 90,
    ...overrides,
  };
}

export function fixtureSources(site: Site): SourceConfig[] {
  return [
    source('region', { url: `${site.url}/region/flux.xml` }),
    source('fondation', { url: `${site.url}/fondation/atom.xml`, funder: 'foundation' }),
    source('dept', {
      url: `${site.url}/dept/appels-a-projets.html`,
      type: 'html',
      funder: 'department',
      selectors: { item: 'li.aap', title: '.aap-title', link: '.aap-title a', summary: '.aap-chapo', date: '.aap-date', detail: 'article.detail' },
    }),
  ];
}
