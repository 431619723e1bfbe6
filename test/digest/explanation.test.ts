// Explanation sentences are written once per distinct explanation and shared by every call view that has it: the
// same words as describeExplanation, and never one member's explanation in another member's digest.
import Mustache from 'mustache';
import { describe, expect, it } from 'vitest';
import type { Call } from '../../src/calls/types.js';
import type { DigestContent, DigestEntry } from '../../src/digest/compose.js';
import { explanationSentence } from '../../src/digest/explanation.js';
import { digestTemplate, renderDigestHtml } from '../../src/digest/render.js';
import { renderDigestText } from '../../src/digest/text.js';
import { buildDigestView } from '../../src/digest/view.js';
import { describeExplanation, parseExplanation } from '../../src/match/explain.js';
import type { ExplanationEntry } from '../../src/match/score.js';

// Every explanation of one to three entries over a few terms (one a prefix of another), fields and synonyms.
function allExplanations(): ExplanationEntry[][] {
  const entries: ExplanationEntry[] = [];
  for (const term of ['tiers-lieux', 'tiers', 'numérique « inclusif »']) {
    for (const field of ['title', 'summary', 'body'] as const) {
      entries.push({ term, field }, { term, field, via: '' }, { term, field, via: 'médiation numérique' });
    }
  }
  const lists: ExplanationEntry[][] = entries.map((e) => [e]);
  for (const a of entries.slice(0, 9)) for (const b of entries) lists.push([a, b], [b, a]);
  for (const b of entries.slice(0, 6)) lists.push([entries[3]!, b, entries[7]!]);
  return lists;
}

// As each match row has its own: entries parsed from JSON, so no array or string is shared with another row.
const fresh = (list: ExplanationEntry[]): ExplanationEntry[] => parseExplanation(JSON.stringify(list));

describe('explanation sentences', () => {
  it('read exactly as describeExplanation, written or reused, whatever the order of first use', () => {
    const lists = allExplanations();
    for (const pass of [lists, [...lists].reverse()]) {
      for (const list of pass) expect(explanationSentence(fresh(list))).toBe(describeExplanation(list));
    }
    expect(explanationSentence([])).toBeNull();
    // A prefix of a known explanation is its own sentence, and the other way round.
    const long = [{ term: 'a', field: 'title' as const }, { term: 'b', field: 'body' as const }];
    expect(explanationSentence(long)).toBe('Correspond à « a » (titre), « b » (texte complet).');
    expect(explanationSentence(long.slice(0, 1))).toBe('Correspond à « a » (titre).');
  });

  it('are never taken from entries changed after they were written', () => {
    const list: ExplanationEntry[] = [{ term: 'inclusion', field: 'summary', via: 'médiation' }];
    expect(explanationSentence(list)).toBe('Correspond à « inclusion » via « médiation » (résumé).');
    list[0]!.via = 'autre';
    expect(explanationSentence(list)).toBe('Correspond à « inclusion » via « autre » (résumé).');
    list.push({ term: 'fablab', field: 'body' });
    expect(explanationSentence(list)).toBe('Correspond à « inclusion » via « autre » (résumé), « fablab » (texte complet).');
  });
});

function sharedCall(): Call {
  return {
    id: 7,
    canonicalUrl: 'https://example.org/appel/7',
    title: 'Appel partagé',
    summary: 'Un résumé.',
    body: '',
    funder: 'region',
    funderName: null,
    regions: [],
    categories: [],
    deadlines: ['2026-12-10'],
    nextDeadline: '2026-12-10',
    amount: null,
    publishedAt: null,
    status: 'open',
    firstSeenAt: '2026-11-01T00:00:00Z',
    lastSeenAt: '2026-11-01T00:00:00Z',
    updatedAt: '2026-11-01T00:00:00Z',
    sources: [{ id: 's', name: 'Source', url: 'https://example.org/source' }],
  } as Call;
}

function content(call: Call, explanation: ExplanationEntry[], terms: string[]): DigestContent {
  const entry: DigestEntry = { call, profileId: 1, score: 60, terms, explanation, deadline: '2026-12-10', daysLeft: 10 };
  return { groups: [{ profileId: 1, profileName: 'P', entries: [entry] }], closing: [], newCount: 1, closingCount: 0, showProfiles: false };
}

describe('members sharing a call', () => {
  it('each get their own explanation and links, in HTML and text', async () => {
    const template = await digestTemplate();
    const call = sharedCall();
    const members = [
      { explanation: [{ term: 'tiers-lieux', field: 'title' as const }], terms: ['tiers-lieux'] },
      { explanation: [{ term: 'fablab', field: 'summary' as const, via: 'atelier « partagé »' }], terms: ['fablab'] },
      { explanation: [], terms: ['repair café'] },
      { explanation: [{ term: 'tiers-lieux', field: 'title' as const }], terms: ['tiers-lieux'] },
    ];
    // Twice, so the second pass reuses every sentence and every reused fragment of the call's HTML.
    for (let pass = 0; pass < 2; pass++) {
      for (const [n, member] of members.entries()) {
        const view = buildDigestView(
          content(call, fresh(member.explanation), member.terms),
          { email: `m${n}@asso.example`, name: null, organisation: null, profileNames: ['P'] },
          {
            unsubscribeUrl: `https://veille.example/u/${n}`,
            contactEmail: 'equipe@reseau.example',
            notRelevantUrl: (callId, profileId) => `https://veille.example/m/${n}/pas-pertinent/${callId}?p=${profileId}`,
          },
          '2026-11-30',
          49,
        );
        const html = await renderDigestHtml(view);
        expect(html).toBe(Mustache.render(template.html, view, template.partials));
        const text = renderDigestText(view);
        const own = member.explanation.length > 0 ? describeExplanation(member.explanation) : `Pourquoi cet appel : ${member.terms[0]}`;
        expect(text).toContain(`  ${own}\n`);
        expect(text).toContain(`Pas pertinent ? https://veille.example/m/${n}/pas-pertinent/7?p=1\n`);
        expect(html).toContain(Mustache.escape(member.explanation.length > 0 ? own : member.terms[0]!));
        for (const [other, them] of members.entries()) {
          if (other === n) continue;
          expect(text).not.toContain(`/m/${other}/`);
          expect(html).not.toContain(`m&#x2F;${other}&#x2F;`);
          expect(text).not.toContain(`/u/${other}\n`);
          if (them.explanation.length > 0 && describeExplanation(them.explanation) !== describeExplanation(member.explanation)) {
            expect(text).not.toContain(describeExplanation(them.explanation));
          }
        }
        // Terms are shown only without an explanation, so the view writes them only then.
        expect(view.groups[0]!.calls[0]!.terms).toBe(member.explanation.length > 0 ? null : member.terms[0]);
      }
    }
  });
});
