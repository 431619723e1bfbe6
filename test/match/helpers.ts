// Plain calls and profiles for pure scoring tests.
import type { Profile } from '../../src/members/types.js';
import type { MatchableCall } from '../../src/match/score.js';

let nextId = 1;

export function call(fields: Partial<MatchableCall> & { title: string }): MatchableCall {
  return { id: nextId++, summary: '', body: '', funder: 'state', regions: [], status: 'open', nextDeadline: null, ...fields };
}

export type ProfileLike = Pick<Profile, 'id' | 'name' | 'keywords' | 'exclude' | 'categories' | 'regions' | 'minScore'>;

export function profile(fields: Partial<ProfileLike> & { keywords: string[] }): ProfileLike {
  return { id: nextId++, name: 'profil', exclude: [], categories: [], regions: [], minScore: 0, ...fields };
}

/** Filler calls that make up a corpus, so that common words are common. */
export function filler(count: number, text = 'Appel à projets pour les associations et les collectivités du territoire'): MatchableCall[] {
  return Array.from({ length: count }, (_, i) => call({ title: `Aide ${i} aux équipements sportifs`, summary: text, body: text }));
}
