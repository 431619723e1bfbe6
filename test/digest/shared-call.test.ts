// Members who are shown the same call (its face and its HTML reused from one member to the next) each read their
// own explanation, terms and links, in both parts.
import Mustache from 'mustache';
import { describe, expect, it } from 'vitest';
import type { Call } from '../../src/calls/types.js';
import type { DigestContent, DigestEntry } from '../../src/digest/compose.js';
import { digestTemplate, renderDigestHtml } from '../../src/digest/render.js';
import { renderDigestText } from '../../src/digest/text.js';
import { buildDigestView } from '../../src/digest/view.js';
import { describeExplanation, parseExplanation } from '../../src/match/explain.js';
import type { ExplanationEntry } from '../../src/match/score.js';

// As each match row has its own: entries parsed from JSON, so no array or string is shared with another row.
const fresh = (list: ExplanationEntry[]): ExplanationEntry[] => parseExplanation(JSON.stringify(list));

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
    opens: null,
    rate: null,
    recurrence: null,
    euFunds: [],
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

describe('calls of one digest', () => {
  it('each read their own explanation, however little it differs from another call’s', () => {
    const base: ExplanationEntry[] = [{ term: 'tiers-lieux', field: 'title' }, { term: 'fablab', field: 'summary', via: 'atelier' }];
    const variants: ExplanationEntry[][] = [
      base,
      [{ ...base[0]!, term: 'tiers-lieu' }, base[1]!],
      [{ ...base[0]!, field: 'body' }, base[1]!],
      [base[0]!, { ...base[1]!, via: 'atelier partagé' }],
      [base[0]!, { term: 'fablab', field: 'summary' }],
      [base[1]!, base[0]!],
      [base[0]!],
      [...base, { term: 'repair café', field: 'body' }],
      base,
    ];
    const entries = variants.map((explanation, i): DigestEntry => {
      const call = { ...sharedCall(), id: 100 + i, canonicalUrl: `https://example.org/appel/${100 + i}` } as Call;
      return { call, profileId: 1, score: 90 - i, terms: ['t'], explanation: fresh(explanation), deadline: '2026-12-10', daysLeft: 10 };
    });
    const view = buildDigestView(
      { groups: [{ profileId: 1, profileName: 'P', entries }], closing: [], newCount: entries.length, closingCount: 0, showProfiles: false },
      { email: 'm@asso.example', name: null, organisation: null, profileNames: ['P'] },
      { unsubscribeUrl: 'https://veille.example/u/1', contactEmail: 'equipe@reseau.example' },
      '2026-11-30',
      49,
    );
    expect(view.groups[0]!.calls.map((c) => c.explanation)).toEqual(variants.map((v) => describeExplanation(v)));
  });
});
