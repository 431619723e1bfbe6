// The whole pipeline as staff run it, through the real `fundwatch` command: a French RSS feed served on
// 127.0.0.1 is fetched, a member is imported from CSV, calls are matched, and the weekly digest reaches a real
// SMTP server (or the outbox when SMTP_URL is unset), all in a real SQLite file.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fundwatch } from '../helpers/cli.js';
import { startSmtp, type TestSmtp } from '../helpers/smtp.js';

const MATCHING = 'Appel à projets « Médiation numérique pour les seniors »';
const NOT_MATCHING = 'Aide à l’irrigation des vergers';

/** A deadline two months ahead, written as French funders write it. */
function frenchDateAhead(days: number): string {
  const date = new Date(Date.now() + days * 86_400_000);
  return date.toLocaleDateString('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Paris' });
}

function feed(base: string): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Région – appels à projets</title><link>${base}/</link>
<item><title>${MATCHING}</title><link>${base}/aap/seniors?utm_source=rss</link><guid>aap-seniors</guid>
<description><![CDATA[<p>La Région soutient les associations de médiation numérique qui accompagnent les personnes âgées
vers l’autonomie numérique. Date limite de dépôt : ${frenchDateAhead(60)}. Subvention jusqu’à 20 000 € par projet.</p>]]></description></item>
<item><title>${NOT_MATCHING}</title><link>${base}/aap/irrigation</link><guid>aap-irrigation</guid>
<description>Soutien aux exploitations arboricoles pour moderniser l’irrigation. Clôture le ${frenchDateAhead(45)}.</description></item>
</channel></rss>`;
}


let dir: string;
let site: Server;
let env: Record<string, string>;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fundwatch-e2e-'));
  site = createServer((req, res) => {
    if (req.url === '/flux.xml') {
      const base = `http://${req.headers.host ?? '127.0.0.1'}`;
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(feed(base));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(site.address() as AddressInfo).port}/flux.xml`;
  writeFileSync(join(dir, 'feeds.yaml'), `sources:\n  - id: region-aap\n    name: Région – appels à projets\n    type: rss\n    url: ${url}\n    funder: region\n`);
  writeFileSync(
    join(dir, 'members.csv'),
    'email,name,organisation,profile,keywords,exclude,categories,regions,min_score\n' +
      'claire@espace-numerique.fr,Claire Roux,Espace public numérique de Die,Seniors,"""médiation numérique"";seniors;personnes âgées",,,,\n',
  );
  env = {
    FUNDWATCH_DB: join(dir, 'data', 'fundwatch.db'),
    FUNDWATCH_FEEDS: join(dir, 'feeds.yaml'),
    FUNDWATCH_OUTBOX: join(dir, 'outbox'),
    FUNDWATCH_BASE_URL: 'https://veille.reseau-exemple.fr',
  };
});

afterEach(async () => {
  await new Promise((resolve) => site.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

async function gatherAndMatch(): Promise<void> {
  const fetched = await fundwatch(['fetch'], env);
  expect(fetched.code, fetched.stderr).toBe(0);
  expect(fetched.stdout).toMatch(/region-aap\s.*ok/);
  const imported = await fundwatch(['members', 'import', join(dir, 'members.csv')], env);
  expect(imported.code, imported.stderr).toBe(0);
  const matched = await fundwatch(['match'], env);
  expect(matched.code, matched.stderr).toBe(0);
}

describe('feed to inbox', () => {
  let smtp: TestSmtp;
  afterEach(async () => smtp?.close());

  it('mails the member one digest naming the matching call and not the other, with a plain-text part', async () => {
    smtp = await startSmtp();
    await gatherAndMatch();
    const sent = await fundwatch(['digest'], { ...env, SMTP_URL: smtp.url });
    expect(sent.code, sent.stderr).toBe(0);
    expect(sent.stdout).toMatch(/: 1 envoyée,/);

    expect(smtp.received).toHaveLength(1);
    const { to, mail } = smtp.received[0]!;
    expect(to).toEqual(['claire@espace-numerique.fr']);
    expect(mail.subject).toMatch(/1 (nouvel )?appel/);
    expect(mail.html).toContain('Médiation numérique pour les seniors');
    expect(mail.html).not.toContain('irrigation');
    expect(mail.text).toContain('Médiation numérique pour les seniors');
    expect(mail.text).not.toContain('irrigation');
    const unsubscribe = mail.headerLines.find((h) => h.key === 'list-unsubscribe')?.line ?? '';
    expect(unsubscribe).toContain('https://veille.reseau-exemple.fr/unsubscribe/');

    const again = await fundwatch(['digest'], { ...env, SMTP_URL: smtp.url });
    expect(again.code).toBe(0);
    expect(smtp.received).toHaveLength(1);
  });

  it('writes the digest as an .eml file to the outbox when SMTP_URL is unset', async () => {
    await gatherAndMatch();
    const sent = await fundwatch(['digest'], env);
    expect(sent.code, sent.stderr).toBe(0);
    const files = readdirSync(join(dir, 'outbox')).filter((name) => name.endsWith('.eml'));
    expect(files).toHaveLength(1);
    const mail = await simpleParser(readFileSync(join(dir, 'outbox', files[0]!)));
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : '').toContain('claire@espace-numerique.fr');
    expect(mail.html).toContain('Médiation numérique pour les seniors');
    expect(mail.html).not.toContain('irrigation');
    expect(mail.text).toContain('Médiation numérique pour les seniors');
  });
});
