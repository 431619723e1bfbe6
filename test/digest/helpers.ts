// Test helpers for the digest: rows written straight into SQLite (calls, sources, matches) and a real
// SMTP server on 127.0.0.1 that keeps what it accepted.
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { Db } from '../../src/db/connection.js';
import type { ExplanationEntry } from '../../src/match/score.js';

export interface CallSeed {
  title: string;
  summary?: string;
  url?: string | null;
  funder?: string;
  funderName?: string | null;
  deadlines?: string[];
  amountMin?: number | null;
  amountMax?: number | null;
  amountScope?: 'project' | 'total' | null;
  status?: 'open' | 'closed';
  sourceId?: string;
}

let seq = 0;

export function insertSource(db: Db, id: string, name: string): void {
  db.prepare('INSERT OR IGNORE INTO sources (id, name, created_at) VALUES (?, ?, ?)').run(id, name, new Date().toISOString());
}

export function insertCall(db: Db, seed: CallSeed): number {
  const at = '2026-11-01T00:00:00.000Z';
  const url = seed.url === undefined ? `https://financeurs.example.org/appel-${++seq}` : seed.url;
  const deadlines = [...(seed.deadlines ?? [])].sort();
  const info = db
    .prepare(
      `INSERT INTO calls (canonical_url, title, title_key, summary, funder, funder_name, deadlines, next_deadline,
                          amount_min, amount_max, amount_currency, amount_scope, status, first_seen_at, last_seen_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'EUR', ?, ?, ?, ?, ?)`,
    )
    .run(
      url,
      seed.title,
      `${seed.title.toLowerCase()}-${seq}`,
      seed.summary ?? '',
      seed.funder ?? 'region',
      seed.funderName ?? null,
      JSON.stringify(deadlines),
      deadlines[0] ?? null,
      seed.amountMin ?? null,
      seed.amountMax ?? null,
      seed.amountScope ?? null,
      seed.status ?? 'open',
      at,
      at,
      at,
    );
  const id = Number(info.lastInsertRowid);
  const sourceId = seed.sourceId ?? 'region-aap';
  insertSource(db, sourceId, sourceId === 'region-aap' ? 'Région : appels à projets' : sourceId);
  db.prepare(
    `INSERT INTO call_sources (source_id, item_key, call_id, url, first_seen_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(sourceId, `item-${id}`, id, url, at, at);
  return id;
}

/** A match row as the matcher stores it; `explanation` defaults to none, as rows stored before issue 4. */
export function insertMatch(
  db: Db,
  profileId: number,
  callId: number,
  score: number,
  terms: string[],
  firstMatchedAt: string,
  explanation: ExplanationEntry[] = [],
): void {
  db.prepare(
    `INSERT INTO matches (profile_id, call_id, score, terms, explanation, first_matched_at, scored_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (profile_id, call_id) DO UPDATE SET score = excluded.score, terms = excluded.terms, explanation = excluded.explanation`,
  ).run(profileId, callId, score, JSON.stringify(terms), JSON.stringify(explanation), firstMatchedAt, firstMatchedAt);
}

export interface Received {
  raw: Buffer;
  mail: ParsedMail;
  to: string[];
}

export interface SmtpOptions {
  /** Wait this long before answering each message's DATA. */
  delayMs?: number;
  /** Accept this many messages, then answer every further one with a 451. */
  refuseAfter?: number;
  /** Called when a message has been fully received, before the server answers. */
  onData?: (count: number) => void;
  /** Receive the whole message, then drop the connection instead of answering: the sender cannot know. */
  hangUpOn?: (count: number) => boolean;
}

export interface TestSmtp {
  port: number;
  url: string;
  received: Received[];
  /** Number of messages received (whether accepted or not). */
  dataCount: () => number;
  setRefuseAfter: (n: number | undefined) => void;
  close: () => Promise<void>;
}

export async function startSmtp(options: SmtpOptions = {}): Promise<TestSmtp> {
  const received: Received[] = [];
  let refuseAfter = options.refuseAfter;
  let count = 0;
  let accepted = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (err?: Error | null) => void) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        count++;
        options.onData?.(count);
        if (options.hangUpOn?.(count)) {
          // smtp-server has no public way to drop a client mid-transaction; its connection set is the way in.
          const connections = (server as unknown as { connections: Set<{ _socket: { destroy(): void } }> }).connections;
          for (const connection of connections) connection._socket.destroy();
          return;
        }
        const answer = async () => {
          if (refuseAfter !== undefined && accepted >= refuseAfter) {
            const error = new Error('Boîte pleine, réessayez plus tard') as Error & { responseCode: number };
            error.responseCode = 451;
            callback(error);
            return;
          }
          accepted++;
          const raw = Buffer.concat(chunks);
          received.push({ raw, mail: await simpleParser(raw), to: session.envelope.rcptTo.map((r) => r.address) });
          callback();
        };
        if (options.delayMs) setTimeout(() => void answer(), options.delayMs);
        else void answer();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    dataCount: () => count,
    setRefuseAfter: (n) => {
      refuseAfter = n === undefined ? undefined : accepted + n;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Normalises French non-breaking spaces so tests can compare with plain spaces. */
export function plainSpaces(text: string): string {
  return text.replace(/[\u00a0\u202f]/g, ' ');
}
