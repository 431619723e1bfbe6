// Through the real database and the API: a general fund open to any association (src/match/general.ts) is among the
// matches of every profile whose filters it passes, at the profile's min_score, explained as such; an exclusion, a
// region elsewhere or « Pas pertinent » keep it out. The pairwise scorer and the index agree on it.
import * as cheerio from 'cheerio';
import { afterEach, expect, it } from 'vitest';
import { matchAll } from '../../src/match/run.js';
import { analyseCall, compileProfile, computeStats, scoreAnalysed } from '../../src/match/score.js';
import { CallIndex, IndexedMatcher } from '../../src/match/index.js';
import { markNotRelevant } from '../../src/member-space/feedback.js';
import { memberPageUrl } from '../../src/member-space/links.js';
import { createTestApp, seedCall, type TestApp } from './helpers.js';

let t: TestApp;
afterEach(async () => t?.close());

const FDVA = {
  title: 'FDVA « Fonctionnement et projets innovants » : campagne 2027 en Ille-et-Vilaine',
  summary: 'Les associations de tous secteurs peuvent demander une aide pour leur fonctionnement global ou la mise en œuvre de nouveaux projets.',
  funder: 'state' as const,
  regions: ['Bretagne'],
  deadlines: ['2027-03-31'],
};

interface Item { call_id: number; score: number; why: string; terms: string[]; explanation: { source?: string }[] }

async function matchesOf(memberId: number): Promise<Map<number, Item>> {
  const response = await t.api({ url: `/api/members/${memberId}/matches` });
  expect(response.statusCode).toBe(200);
  return new Map((response.json().items as Item[]).map((i) => [i.call_id, i]));
}

async function member(email: string, profile: Record<string, unknown>): Promise<number> {
  const created = await t.api({ method: 'POST', url: '/api/members', payload: { email, profiles: [profile] } });
  expect(created.statusCode, created.body).toBe(201);
  return created.json().id as number;
}

it('lists a general fund for every profile it fits, at min_score, last, with why it is there', async () => {
  t = await createTestApp();
  const { db } = t.ctx;
  for (let i = 0; i < 30; i++) seedCall(db, { title: `Voirie communale (${i})`, summary: 'Les communes peuvent candidater.', deadlines: ['2027-06-30'] });
  const fdva = seedCall(db, FDVA);
  const sport = seedCall(db, { title: 'Sport et inclusion des jeunes', summary: 'Les associations et collectivités peuvent candidater pour des projets sportifs.', regions: ['Bretagne'], deadlines: ['2027-03-31'] });
  const thematic = seedCall(db, { title: 'Inclusion numérique : ateliers pour les habitants', deadlines: ['2027-03-31'] });

  const epn = await member('epn@quartier.example', { name: 'EPN', keywords: ['inclusion numérique'], regions: ['Bretagne'], min_score: 35 });
  const items = await matchesOf(epn);
  expect([...items.keys()]).toEqual([thematic, fdva]);
  const general = items.get(fdva)!;
  expect(general.score).toBe(35);
  expect(general.terms).toEqual([]);
  expect(general.why).toBe('Ouvert à toute association, quel que soit son domaine.');
  expect(general.explanation).toEqual([{ term: 'toute association', field: 'summary', source: 'general' }]);
  expect(items.has(sport)).toBe(false);
  // The member's own page says why it is there.
  const page = await t.api({ url: new URL(memberPageUrl(t.ctx, epn)).pathname });
  expect(page.statusCode).toBe(200);
  const line = cheerio.load(page.body)('li').filter((_, li) => cheerio.load(li).text().includes('FDVA')).text();
  expect(line.replace(/\s+/g, ' ')).toContain('ouvert à toute association');

  // A profile in another region, or one excluding the fund's words, does not get it.
  const elsewhere = await member('asso@occitanie.example', { name: 'Radio', keywords: ['radio associative'], regions: ['Occitanie'] });
  expect((await matchesOf(elsewhere)).has(fdva)).toBe(false);
  const excluding = await member('asso@excluant.example', { name: 'Sans FDVA', keywords: ['radio associative'], exclude: ['FDVA'] });
  expect((await matchesOf(excluding)).has(fdva)).toBe(false);

  // « Pas pertinent »: gone, and a later full run does not bring it back.
  markNotRelevant(db, { memberId: epn, callId: fdva });
  matchAll(t.ctx);
  expect((await matchesOf(epn)).has(fdva)).toBe(false);
});

it('the pairwise scorer and the index give a general fund the same result, and a profile’s own match wins', () => {
  const calls = [
    { id: 1, ...FDVA, body: '', status: 'open' as const, nextDeadline: '2027-03-31' },
    { id: 2, title: 'FDVA : fonctionnement et projets innovants des associations de médiation numérique', summary: 'Pour les associations de tous secteurs, fonctionnement ou nouveaux projets.', body: '', funder: 'state' as const, regions: [], status: 'open' as const, nextDeadline: null },
    { id: 3, title: 'Voirie communale', summary: 'Les communes peuvent candidater.', body: '', funder: 'state' as const, regions: [], status: 'open' as const, nextDeadline: null },
  ].map(analyseCall);
  expect(calls.map((c) => c.general)).toEqual([true, true, false]);
  const stats = computeStats(calls);
  const profile = compileProfile({ id: 7, name: 'EPN', keywords: ['médiation numérique'], exclude: [], categories: [], regions: [], minScore: 30 });
  const pairwise = calls.map((c) => scoreAnalysed(c, profile, stats, '2027-01-01'));
  const indexed = new IndexedMatcher(new CallIndex(calls, stats), '2027-01-01').matchProfile(profile);
  expect(indexed).toEqual(pairwise.filter((r) => r !== null));
  expect(pairwise[0]).toMatchObject({ callId: 1, score: 30, terms: [] });
  // The second names the profile's keyword: matched on it, above min_score, not as a general fund.
  expect(pairwise[1]!.terms).toEqual(['médiation numérique']);
  expect(pairwise[1]!.score).toBeGreaterThan(30);
  expect(pairwise[2]).toBeNull();
});
