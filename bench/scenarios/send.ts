// Sending a week's digests to a local SMTP server: the project's pooled transport (src/digest/mailer.ts), driven
// with the concurrency the digest run uses, against nodemailer's plain transport, one message after another.
import nodemailer from 'nodemailer';
import type { SendMailOptions } from 'nodemailer';
import pLimit from 'p-limit';
import { createMailer } from '../../src/digest/mailer.js';
import { createBenchContext } from '../context.js';
import { renderedDigests, type RenderedDigest } from '../digests.js';
import { count, formatRate, formatRatio, formatSeconds, timed, type Row, type Scenario, type Sizes } from '../harness.js';
import { startSmtpSink } from '../servers/smtp.js';

const TARGET = 'pooled ≥2x single connection';
const workload = (s: Sizes): string => `${count(s.sends)} digests to a local SMTP server`;
/** Distinct digests rendered; messages cycle through them (rendering is measured by its own stage). */
const DISTINCT_DIGESTS = 50;

function messageOf(digest: RenderedDigest, i: number): SendMailOptions {
  return {
    from: 'Veille financements <veille@reseau.example.org>',
    to: { name: `Membre ${i + 1}`, address: `membre${i + 1}@asso.example.org` },
    subject: digest.subject,
    html: digest.html,
    text: digest.text,
    messageId: `<digest-bench-${i + 1}@reseau.example.org>`,
    headers: {
      'List-Unsubscribe': `<https://veille.example.org/unsubscribe/jeton-${i + 1}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  };
}

async function run(sizes: Sizes): Promise<Row[]> {
  const digests = await renderedDigests(Math.min(DISTINCT_DIGESTS, sizes.sends), sizes.callsPerDigest, new Date());
  const messages = Array.from({ length: sizes.sends }, (_, i) => messageOf(digests[i % digests.length]!, i));
  const sink = await startSmtpSink();
  const ctx = createBenchContext({ SMTP_URL: sink.url });
  const mailer = createMailer(ctx.config);
  // The baseline: no pool, so nodemailer opens, greets and closes one connection per message, one at a time.
  const single = nodemailer.createTransport({ url: sink.url, pool: false });
  try {
    const limit = pLimit(ctx.config.smtpMaxConnections);
    await Promise.all(messages.slice(0, 5).map((m) => limit(() => mailer.send(m))));
    for (const m of messages.slice(0, 5)) await single.sendMail(m);

    const pooled = await timed(() => Promise.all(messages.map((m) => limit(() => mailer.send(m)))));
    // The baseline's rate settles within a few dozen messages; a sample keeps the run short.
    const baselineMessages = messages.slice(0, sizes.quick ? 30 : 200);
    const baseline = await timed(async () => {
      for (const m of baselineMessages) await single.sendMail(m);
    });
    const received = await sink.received();
    const pooledRate = messages.length / pooled.seconds;
    const baselineRate = baselineMessages.length / baseline.seconds;
    const ratio = pooledRate / baselineRate;
    const size = (messages.reduce((n, m) => n + String(m.html).length + String(m.text).length, 0) / messages.length / 1024).toFixed(0);
    return [
      {
        stage: 'send',
        workload: workload(sizes),
        figure: `pooled: ${formatRate(pooledRate, 'msg')} (${formatSeconds(pooled.seconds)})`,
        baseline: `one connection per message, no pool: ${formatRate(baselineRate, 'msg')}`,
        ratio: `${formatRatio(ratio)} faster`,
        target: TARGET,
        met: ratio >= 2,
        notes: [
          `pool of ${ctx.config.smtpMaxConnections} connections (SMTP_MAX_CONNECTIONS) with as many sends in flight, as the digest run does; messages of about ${size} KiB (HTML and text); baseline timed on ${count(baselineMessages.length)} messages; the server received ${count(received)} in all (warm-ups included).`,
          `smtp-server waits 100 ms before its greeting to catch early talkers, as many real MTAs do: a new connection per message pays it every time.`,
        ],
      },
    ];
  } finally {
    mailer.close();
    single.close();
    await sink.close();
    ctx.cleanup();
  }
}

export const sendScenario: Scenario = { name: 'send', plan: [{ stage: 'send', workload, target: TARGET }], run };
