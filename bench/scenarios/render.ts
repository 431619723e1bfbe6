// Rendering the weekly digests of a national network: templates/digest.mjml compiled by mjml once, then filled
// per member (view, HTML, plain text). The baseline fills the MJML source per member and runs mjml every time.
import { readFileSync } from 'node:fs';
import Mustache from 'mustache';
import { CALL_PARTIAL, compileMjml, DIGEST_TEMPLATE, digestTemplate, renderDigestHtml } from '../../src/digest/render.js';
import { renderDigestText } from '../../src/digest/text.js';
import { benchWeek, memberDigests, viewOf, type MemberDigest } from '../digests.js';
import { count, formatRatio, formatSeconds, timed, type Row, type Scenario, type Sizes } from '../harness.js';

const TARGET = '≥50x faster than mjml per member';
const WARM_UP_MS = 300;
const WARM_UP_DIGESTS = 500;

/** Renders members one by one, from the first, until WARM_UP_MS have passed. */
async function warmUp(render: (members: MemberDigest[]) => Promise<unknown>, digests: readonly MemberDigest[]): Promise<void> {
  const started = performance.now();
  for (let i = 0; performance.now() - started < WARM_UP_MS; i = (i + 1) % digests.length) await render([digests[i]!]);
}
const workload = (s: Sizes): string => `${count(s.digests)} digests of ${s.callsPerDigest} calls`;
async function run(sizes: Sizes): Promise<Row[]> {
  const now = new Date();
  const digests = memberDigests(sizes.digests, sizes.callsPerDigest, now);

  const week = benchWeek(now);
  const compile = await timed(() => digestTemplate());
  const renderFast = async (members: readonly MemberDigest[]): Promise<number> => {
    let bytes = 0;
    for (const [i, digest] of members.entries()) {
      const view = viewOf(digest, i, week);
      bytes += (await renderDigestHtml(view)).length + renderDigestText(view).length;
    }
    return bytes;
  };
  // The naive way: fill the MJML source for this member, then run mjml on it, every time.
  const source = readFileSync(DIGEST_TEMPLATE, 'utf8');
  const partials = { call: readFileSync(CALL_PARTIAL, 'utf8') };
  const renderNaive = async (members: readonly MemberDigest[]): Promise<void> => {
    for (const [i, digest] of members.entries()) {
      const view = viewOf(digest, i, week);
      await compileMjml(Mustache.render(source, view, partials), DIGEST_TEMPLATE);
      renderDigestText(view);
    }
  };
  // Both paths warmed for the same time first, so neither side of the ratio pays the JIT's first compilations
  // (a fast render is so short that its first thousand members ran half as fast as the rest). Warmed on other
  // calls and other members' profiles, so the timed run still converts every summary, renders every call and writes
  // every explanation for the first time, as a real run.
  const warmUpDigests = memberDigests(WARM_UP_DIGESTS, sizes.callsPerDigest, now, 32, 38);
  await warmUp(renderFast, warmUpDigests);
  await warmUp(renderNaive, warmUpDigests);
  const fast = await timed(() => renderFast(digests));
  const naiveMembers = digests.slice(0, sizes.mjmlMembers);
  const naive = await timed(() => renderNaive(naiveMembers));

  const fastMs = (fast.seconds * 1000) / digests.length;
  const naiveMs = (naive.seconds * 1000) / naiveMembers.length;
  const ratio = naiveMs / fastMs;
  return [
    {
      stage: 'render',
      workload: workload(sizes),
      figure: `${fastMs.toFixed(2)} ms/digest (${formatSeconds(fast.seconds)} in all)`,
      baseline: `mjml per member: ${naiveMs.toFixed(1)} ms/digest (${count(naiveMembers.length)} members)`,
      ratio: `${formatRatio(ratio)} faster`,
      target: TARGET,
      met: ratio >= 50,
      notes: [
        `both paths build the view and the plain-text part; the template is compiled once in ${formatSeconds(compile.seconds)} (not counted); ${(fast.result / digests.length / 1024).toFixed(0)} KiB per digest.`,
      ],
    },
  ];
}

export const renderScenario: Scenario = { name: 'render', plan: [{ stage: 'render', workload, target: TARGET }], run };
