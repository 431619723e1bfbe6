// The digest's compiled fill against mustache.js itself: same bytes for the same view, including hostile feed text,
// and a call's reused HTML never carries one member's links or explanation into another member's digest.
import Mustache from 'mustache';
import { describe, expect, it } from 'vitest';
import type { Call } from '../../src/calls/types.js';
import type { DigestContent, DigestEntry } from '../../src/digest/compose.js';
import { compileFill, FillError } from '../../src/digest/fill.js';
import { digestTemplate, renderDigestHtml } from '../../src/digest/render.js';
import { buildDigestView, CALL_FACE_FIELDS, callFaceOf, type CallView, type ViewLinks, type ViewRecipient } from '../../src/digest/view.js';

const HOSTILE = `<script>alert("x")</script> & 'quote' \`tick\` a=b /slash/`;

function call(id: number, overrides: Partial<Call> = {}): Call {
  return {
    id,
    canonicalUrl: `https://example.org/appel/${id}?a=1&b=<2>`,
    title: `Appel ${id} ${HOSTILE}`,
    summary: `<p>Résumé ${id} <b>gras</b> ${HOSTILE.replace(/</g, '&lt;')}</p>`,
    body: '',
    funder: 'region',
    funderName: id % 2 === 0 ? `Fondation « ${id} » & Cie` : null,
    regions: [],
    categories: [],
    deadlines: ['2026-12-03'],
    nextDeadline: '2026-12-03',
    amount: id % 3 === 0 ? { min: 1000, max: 5000, currency: 'EUR', scope: 'project' } : null,
    publishedAt: null,
    status: 'open',
    firstSeenAt: '2026-11-01T00:00:00Z',
    lastSeenAt: '2026-11-01T00:00:00Z',
    updatedAt: '2026-11-01T00:00:00Z',
    sources: [{ id: 's', name: `Source ${HOSTILE}`, url: `https://example.org/source/${id}` }],
    ...overrides,
  } as Call;
}

function entry(c: Call, profileId: number, daysLeft: number | null, explanation: DigestEntry['explanation'] = [], terms = ['tiers-lieux']): DigestEntry {
  return { call: c, profileId, score: 50, terms, explanation, deadline: daysLeft === null ? null : '2026-12-03', daysLeft };
}

const recipient = (n: number): ViewRecipient => ({ email: `m${n}@asso.example`, name: `Membre <${n}>`, organisation: `Asso & ${n}`, profileNames: ['A', 'B'] });
const links = (n: number): ViewLinks => ({
  unsubscribeUrl: `https://veille.example/u/${n}?x="y"`,
  contactEmail: 'equipe@reseau.example',
  calendarUrl: n % 2 ? `https://veille.example/m/${n}/calendar.ics` : null,
  feedUrl: null,
  notRelevantUrl: n % 2 ? (callId, profileId) => `https://veille.example/m/${n}/not-relevant/${callId}?profile=${profileId}&t=${n}` : null,
});

describe('compiled digest fill', () => {
  it('renders exactly what Mustache.render renders, member after member, sharing calls', async () => {
    const template = await digestTemplate();
    const calls = [1, 2, 3, 4].map((id) => call(id));
    calls.push(call(5, { canonicalUrl: 'javascript:alert(1)', sources: [], summary: '', amount: null }));
    const members = [0, 1, 2, 3].map((n): DigestContent => {
      const pick = calls.filter((_, i) => (i + n) % 2 === 0 || i === 4);
      return {
        groups: [
          { profileId: 1, profileName: `Profil ${HOSTILE}`, entries: pick.map((c, i) => entry(c, 1, i === 0 ? 0 : 5 + n, n % 2 ? [{ term: `t${n} ${HOSTILE}`, field: 'title', via: `v${n}` }] : [], n === 2 ? [] : [`terme ${n}`])) },
          { profileId: 2, profileName: 'B', entries: n === 3 ? [] : [entry(calls[1]!, 2, null)] },
        ],
        closing: n % 2 ? [entry(calls[2]!, 1, 12 + n, [{ term: 'médiation', field: 'summary' }])] : [],
        newCount: pick.length,
        closingCount: n % 2,
        showProfiles: n !== 1,
      };
    });
    const outputs = new Set<string>();
    // Twice: the second pass renders every call from the reused fragments.
    for (let pass = 0; pass < 2; pass++) {
      for (const [n, content] of members.entries()) {
        const view = buildDigestView(content, recipient(n), links(n), '2026-11-30', 49);
        const expected = Mustache.render(template.html, view, template.partials);
        expect(await renderDigestHtml(view)).toBe(expected);
        // A view copied by hand (no face to key on) renders the same too.
        expect(template.fill(JSON.parse(JSON.stringify(view)))).toBe(expected);
        outputs.add(expected);
      }
    }
    expect(outputs.size).toBe(4);
    // A copy of a call view with another title keeps the copied face: the title it shows is still its own.
    const view = buildDigestView(members[0]!, recipient(0), links(0), '2026-11-30', 49);
    const first = view.groups[0]!.calls[0]!;
    view.groups[0]!.calls[0] = { ...first, title: 'Titre <modifié>' };
    const copied = await renderDigestHtml(view);
    expect(copied).toBe(Mustache.render(template.html, view, template.partials));
    expect(copied).toContain('Titre &lt;modifié&gt;');
    // Whichever face field a copy changes, it no longer stands for the face, and renders what it holds.
    for (const field of CALL_FACE_FIELDS) {
      const changed = { ...first, [field]: field === 'urgent' ? !first.urgent : `autre ${field}` } as CallView;
      expect(callFaceOf(first)).toBeDefined();
      expect(callFaceOf(changed)).toBeUndefined();
      view.groups[0]!.calls[0] = changed;
      expect(await renderDigestHtml(view)).toBe(Mustache.render(template.html, view, template.partials));
    }
    const html = [...outputs].join('');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toContain('javascript:');
  });

  it('follows mustache.js on sections, inverted sections, dotted names, numbers and context lookups', () => {
    const template =
      '{{a.b.c}}|{{#list}}[{{name}}{{#inner}}<{{name}}:{{outer}}>{{/inner}}{{^inner}}-{{/inner}}]{{/list}}|{{^list}}vide{{/list}}|' +
      '{{#empty}}x{{/empty}}{{^empty}}none{{/empty}}|{{n}}|{{#s}}{{.}}/{{length}}{{/s}}|{{#flag}}{{outer}}{{/flag}}|{{missing}}|{{#a}}{{b.c}}{{/a}}|{{> p}}';
    const partials = { p: '{{#list}}({{name}}){{/list}}' };
    const fill = compileFill(template, { partials, escape: (v) => Mustache.escape(String(v)) });
    const views = [
      { a: { b: { c: '<&>' } }, list: [{ name: 'x', inner: { name: 'y' } }, { name: 'z', inner: null }], outer: 'o', empty: [], n: 0, s: 'abc', flag: true },
      { a: { b: null }, list: [], outer: 1, empty: [1], n: 42, s: '', flag: false, missing: undefined },
      { a: null, list: null, name: 'top', s: 'ok', flag: 'str' },
    ];
    for (const view of views) expect(fill(view)).toBe(Mustache.render(template, view, partials));
    // A name held with the value undefined ends the search there (mustache.js's `in`), one not held goes on up.
    const shadow = '{{#list}}{{outer}}|{{/list}}';
    const shadowed = { list: [{ outer: undefined }, {}, { outer: null }, { outer: 0 }], outer: 'o' };
    expect(compileFill(shadow, { partials: {}, escape: String })(shadowed)).toBe(Mustache.render(shadow, shadowed));
    expect(Mustache.render(shadow, shadowed)).toBe('|o||0|');
  });

  it('refuses unescaped values and unknown partials when compiling', () => {
    const options = { partials: {}, escape: String };
    expect(() => compileFill('{{{title}}}', options)).toThrow(FillError);
    expect(() => compileFill('{{& title}}', options)).toThrow(/unescaped values are refused/);
    expect(() => compileFill('{{> nope}}', options)).toThrow(/no such partial/);
  });
});
