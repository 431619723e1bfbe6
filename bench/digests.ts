// Weekly digests of generated members, composed by the real digest code: shared by the render and send stages.
import type { Call } from '../src/calls/types.js';
import { composeDigest, type DigestContent, type MatchCandidate } from '../src/digest/compose.js';
import { addDays, dayIn, isoWeek } from '../src/digest/format.js';
import { renderDigestHtml } from '../src/digest/render.js';
import { renderDigestText } from '../src/digest/text.js';
import { buildDigestView, type DigestView } from '../src/digest/view.js';
import { asStoredCall, generateCalls, generateProfiles, type BenchProfile } from './corpus.js';

const TIME_ZONE = 'Europe/Paris';

export interface MemberDigest {
  content: DigestContent;
  email: string;
  name: string;
  profileNames: string[];
}

/** Member i's matches: `perDigest` calls of the pool, best first, explained by their profile's keywords as real rows are. */
function memberDigest(i: number, pool: readonly Call[], calls: ReadonlyMap<number, Call>, profile: BenchProfile, perDigest: number, now: Date): MemberDigest {
  const today = dayIn(now, TIME_ZONE);
  // Every third member follows two profiles, so the grouped layout is rendered too.
  const profiles = i % 3 === 0 ? [{ id: 1, name: profile.name }, { id: 2, name: `${profile.name} (bis)` }] : [{ id: 1, name: profile.name }];
  const matches: MatchCandidate[] = Array.from({ length: perDigest }, (_, k) => ({
    profileId: profiles[k % profiles.length]!.id,
    callId: pool[(i * 37 + k * 101) % pool.length]!.id,
    score: 95 - k * 3,
    terms: profile.keywords.slice(k % 3, (k % 3) + 2),
    // Explained like a real match row: the digest renders « Correspond à … » for each call.
    explanation: profile.keywords.slice(k % 3, (k % 3) + 2).map((term, t) => ({
      term,
      field: t === 0 ? 'title' : 'summary',
      ...(k % 4 === 0 ? { via: 'médiation numérique' } : {}),
    })),
    firstMatchedAt: now.toISOString(),
  }));
  const content = composeDigest({ today, since: `${addDays(today, -7)}T00:00:00.000Z`, profiles, matches, sentCallIds: new Set(), calls });
  if (!content) throw new Error(`bench: member ${i} has an empty digest`);
  return { content, email: `membre${i + 1}@asso.example.org`, name: `Camille Membre ${i + 1}`, profileNames: profiles.map((p) => p.name) };
}

/** The run's day and week, worked out once per run as the digest run does (src/digest/message.ts). */
export interface BenchWeek {
  today: string;
  week: number;
}

export function benchWeek(now: Date): BenchWeek {
  const today = dayIn(now, TIME_ZONE);
  return { today, week: isoWeek(today).week };
}

export function viewOf(digest: MemberDigest, i: number, week: BenchWeek): DigestView {
  return buildDigestView(
    digest.content,
    { email: digest.email, name: digest.name, organisation: 'Association du numérique solidaire', profileNames: digest.profileNames },
    { unsubscribeUrl: `https://veille.example.org/unsubscribe/jeton-${i}`, contactEmail: 'equipe@reseau.example.org' },
    week.today,
    week.week,
  );
}

/**
 * `count` members' digests of `perDigest` calls each, drawn from a pool of real-text calls (another seed, other
 * calls), for members with generated profiles (another profile seed, other keywords and so other explanations).
 */
export function memberDigests(count: number, perDigest: number, now: Date, seed = 31, profileSeed = 37): MemberDigest[] {
  const pool = generateCalls(Math.max(perDigest * 10, 2_000), { seed, today: now }).map((c, i) => asStoredCall(c, i + 1, now));
  const calls = new Map(pool.map((c) => [c.id, c]));
  return generateProfiles(count, profileSeed).map((profile, i) => memberDigest(i, pool, calls, profile, perDigest, now));
}

export interface RenderedDigest {
  to: string;
  subject: string;
  html: string;
  text: string;
}

/** Fully rendered digests, ready to send. */
export async function renderedDigests(count: number, perDigest: number, now: Date): Promise<RenderedDigest[]> {
  const rendered: RenderedDigest[] = [];
  const week = benchWeek(now);
  for (const [i, digest] of memberDigests(count, perDigest, now).entries()) {
    const view = viewOf(digest, i, week);
    rendered.push({ to: digest.email, subject: view.subject, html: await renderDigestHtml(view), text: renderDigestText(view) });
  }
  return rendered;
}
