// Regions and departments as funders write them (issue 15's recall: a member following a region must get the calls
// its departments publish), through areaOf and the matcher's region filter.
import { describe, expect, it } from 'vitest';
import { areaOf, regionProblem } from '../../src/calls/regions.js';
import { compileProfile, passesFilters } from '../../src/match/score.js';
import type { MatchableCall } from '../../src/match/score.js';

describe('areaOf', () => {
  it('reads regions by name, slug and the names funders use, and departments by name or code', () => {
    expect(areaOf('Provence-Alpes-Côte d’Azur')).toEqual({ kind: 'region', region: 'provence-alpes-cote-d-azur' });
    expect(areaOf('Région Sud')).toEqual({ kind: 'region', region: 'provence-alpes-cote-d-azur' });
    expect(areaOf('PACA')).toEqual({ kind: 'region', region: 'provence-alpes-cote-d-azur' });
    expect(areaOf('Conseil régional d’Occitanie')).toEqual({ kind: 'region', region: 'occitanie' });
    expect(areaOf('Département du Vaucluse (84)')).toEqual({ kind: 'department', region: 'provence-alpes-cote-d-azur', department: '84' });
    expect(areaOf('Seine-Saint-Denis')).toEqual({ kind: 'department', region: 'ile-de-france', department: '93' });
    expect(areaOf('2A')).toEqual({ kind: 'department', region: 'corse', department: '2a' });
    expect(areaOf('Loire')).toEqual({ kind: 'department', region: 'auvergne-rhone-alpes', department: '42' });
    expect(areaOf('Pays de la Loire')).toEqual({ kind: 'region', region: 'pays-de-la-loire' });
  });

  it('reads the regions before 2016 as the region they joined', () => {
    expect(areaOf('Rhône-Alpes')).toEqual({ kind: 'region', region: 'auvergne-rhone-alpes' });
    expect(areaOf('Région Midi-Pyrénées')).toEqual({ kind: 'region', region: 'occitanie' });
    expect(areaOf('Nord-Pas-de-Calais')).toEqual({ kind: 'region', region: 'hauts-de-france' });
    expect(areaOf('Poitou-Charentes')).toEqual({ kind: 'region', region: 'nouvelle-aquitaine' });
  });

  it('says in French why a value names no place, and accepts departments by number and national scopes', () => {
    expect(regionProblem('Brtagne')).toBe('« Brtagne » n’est ni une région, ni un département, ni « France » (exemples : Bretagne, Auvergne-Rhône-Alpes, Vaucluse, 84)');
    for (const known of ['Bretagne', '84', 'vaucluse', 'France', 'national', 'Europe', 'AURA']) expect(regionProblem(known), known).toBeNull();
  });

  it('names no area for a town, a number after « Région », or an unknown text', () => {
    expect(areaOf('Marseille')).toBeNull();
    expect(areaOf('Région 13')).toBeNull();
    expect(areaOf('Métropole Aix-Marseille-Provence')).toBeNull();
  });
});

describe('the region filter with departments', () => {
  const call = (regions: string[]): MatchableCall =>
    ({ id: 1, title: 'Appel', summary: '', body: '', funder: 'department', regions, status: 'open', nextDeadline: null });
  const profile = (regions: string[]) =>
    compileProfile({ id: 1, name: 'p', keywords: ['numérique'], exclude: [], categories: [], regions, minScore: null });

  it('lets a department’s call reach a profile following its region, and a region’s call a profile following one of its departments', () => {
    expect(passesFilters(call(['Vaucluse']), profile(["Provence-Alpes-Côte d'Azur"]))).toBe(true);
    expect(passesFilters(call(['Région Sud']), profile(['Vaucluse']))).toBe(true);
    expect(passesFilters(call(['84']), profile(['Vaucluse']))).toBe(true);
  });

  it('keeps out a neighbouring department’s call and another region’s', () => {
    expect(passesFilters(call(['Bouches-du-Rhône']), profile(['Vaucluse']))).toBe(false);
    expect(passesFilters(call(['Gard']), profile(["Provence-Alpes-Côte d'Azur"]))).toBe(false);
    expect(passesFilters(call(['Occitanie']), profile(['Vaucluse']))).toBe(false);
  });

  it('still compares unknown places as written, and lets national calls through', () => {
    expect(passesFilters(call(['Marseille']), profile(['marseille']))).toBe(true);
    expect(passesFilters(call(['Marseille']), profile(['Vaucluse']))).toBe(false);
    expect(passesFilters(call(['France']), profile(['Vaucluse']))).toBe(true);
    expect(passesFilters(call([]), profile(['Vaucluse']))).toBe(true);
  });
});

describe('through the real database, the matcher and the API', () => {
  it('a member following PACA gets the Vaucluse department’s call, not the Gard’s; a Vaucluse member gets Région Sud’s', async () => {
    const { createTestApp, seedCall } = await import('../api/helpers.js');
    const t = await createTestApp();
    try {
      const text = { summary: 'Soutien aux ateliers de médiation numérique des associations.', deadlines: ['2026-12-31'] };
      const vaucluse = seedCall(t.ctx.db, { title: 'Médiation numérique : appel du Département', regions: ['Département de Vaucluse (84)'], ...text });
      seedCall(t.ctx.db, { title: 'Médiation numérique dans le Gard', regions: ['Gard'], ...text });
      const sud = seedCall(t.ctx.db, { title: 'Médiation numérique : appel régional', regions: ['Région Sud'], ...text });
      const created = await t.api({
        method: 'POST',
        url: '/api/members',
        payload: {
          email: 'epn@avignon.example',
          profiles: [
            { name: 'Région', keywords: ['médiation numérique'], regions: ["Provence-Alpes-Côte d'Azur"] },
            { name: 'Département', keywords: ['médiation numérique'], regions: ['Vaucluse'] },
          ],
        },
      });
      expect(created.statusCode, created.body).toBe(201);
      const matches = await t.api({ url: `/api/members/${created.json().id}/matches?limit=200` });
      const items = matches.json().items as { call_id: number; profiles: { profile_name: string }[] }[];
      const of = (name: string) => items.filter((m) => m.profiles.some((p) => p.profile_name === name)).map((m) => m.call_id).sort((a, b) => a - b);
      expect(of('Région')).toEqual([vaucluse, sud].sort((a, b) => a - b));
      expect(of('Département')).toEqual([vaucluse, sud].sort((a, b) => a - b));
    } finally {
      await t.close();
    }
  });
});

describe('GET /api/calls?region=', () => {
  it('finds the calls of the region’s departments and of its other names, and not a neighbour’s', async () => {
    const { createTestApp, seedCall } = await import('../api/helpers.js');
    const t = await createTestApp();
    try {
      const vaucluse = seedCall(t.ctx.db, { title: 'Appel du Département', regions: ['Vaucluse'], deadlines: ['2026-12-31'] });
      const sud = seedCall(t.ctx.db, { title: 'Appel de la Région Sud', regions: ['Région Sud'], deadlines: ['2026-12-31'] });
      const code = seedCall(t.ctx.db, { title: 'Appel des Bouches-du-Rhône', regions: ['13'], deadlines: ['2026-12-31'] });
      seedCall(t.ctx.db, { title: 'Appel du Gard', regions: ['Gard'], deadlines: ['2026-12-31'] });
      for (const region of ['PACA', "Provence-Alpes-Côte d'Azur", 'provence-alpes-cote-d-azur']) {
        const response = await t.api({ url: `/api/calls?region=${encodeURIComponent(region)}` });
        expect(response.statusCode, response.body).toBe(200);
        const ids = (response.json().items as { id: number }[]).map((c) => c.id).sort((a, b) => a - b);
        expect(ids, region).toEqual([vaucluse, sud, code].sort((a, b) => a - b));
      }
    } finally {
      await t.close();
    }
  });
});
