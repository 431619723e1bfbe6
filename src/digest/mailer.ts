// Sending mail: a pooled SMTP transport from SMTP_URL, or an outbox folder of .eml files when SMTP_URL is
// unset (or for a dry run). DKIM signing applies to both when configured.
import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { SendMailOptions } from 'nodemailer/lib/mailer';
import type { Config } from '../config.js';

export type { SendMailOptions };

export interface Mailer {
  readonly kind: 'smtp' | 'outbox';
  /** Where mail goes, for logs and messages (never the SMTP password). */
  readonly target: string;
  /** Resolves once the SMTP server accepted the message (its 250), or the .eml file is written. */
  send(message: SendMailOptions): Promise<void>;
  /** Whether a send error proves the message did not go out (safe to retry), or its outcome is unknown. */
  provesNotSent(error: unknown): boolean;
  close(): void;
}

function describeSmtp(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.hostname}${parsed.port ? `:${parsed.port}` : ''}`;
}

function smtpMailer(config: Config, smtpUrl: string): Mailer {
  const options = {
    url: smtpUrl,
    pool: true as const,
    maxConnections: config.smtpMaxConnections,
    ...(config.smtpRateLimitPerSecond > 0 ? { rateLimit: config.smtpRateLimitPerSecond, rateDelta: 1000 } : {}),
    // A message whose connection dropped mid-send may have been delivered: never requeue it behind our back.
    // The ledger keeps it in `sending` and staff are told.
    maxRequeues: 0,
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
    ...(config.dkim ? { dkim: { ...config.dkim } } : {}),
  };
  const transport = nodemailer.createTransport(options);
  return {
    kind: 'smtp',
    target: describeSmtp(smtpUrl),
    async send(message) {
      await transport.sendMail(message);
    },
    provesNotSent: isDefiniteFailure,
    close() {
      transport.close();
    },
  };
}

/** A file name that sorts by time and never collides. */
function outboxFileName(): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..+$/, '');
  return `${stamp}-${randomBytes(6).toString('hex')}.eml`;
}

function outboxMailer(config: Config): Mailer {
  const transport = nodemailer.createTransport({
    streamTransport: true as const,
    buffer: true,
    newline: 'windows',
    ...(config.dkim ? { dkim: { ...config.dkim } } : {}),
  });
  return {
    kind: 'outbox',
    target: config.outboxDir,
    async send(message) {
      const info = await transport.sendMail(message);
      mkdirSync(config.outboxDir, { recursive: true });
      const file = join(config.outboxDir, outboxFileName());
      // Write then rename: a reader of the outbox never sees half a message.
      writeFileSync(`${file}.tmp`, info.message as Buffer);
      renameSync(`${file}.tmp`, file);
    },
    // The file is renamed into place only once complete: any error means no message in the outbox.
    provesNotSent: () => true,
    close() {
      transport.close();
    },
  };
}

/** SMTP when SMTP_URL is set, else the outbox; `outbox: true` forces the outbox (dry runs). */
export function createMailer(config: Config, options: { outbox?: boolean } = {}): Mailer {
  return config.smtpUrl && !options.outbox ? smtpMailer(config, config.smtpUrl) : outboxMailer(config);
}

/**
 * Whether a send error proves the message was not delivered (the server said no, or we never reached it),
 * as opposed to a connection lost mid-message, whose outcome is unknown.
 */
export function isDefiniteFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const e = error as Error & { code?: string; responseCode?: number; originalCode?: string; timeoutType?: string };
  if (typeof e.responseCode === 'number' && e.responseCode >= 400) return true;
  // Timeouts while setting up the session: no message was on its way yet. A SOCKET_TIMEOUT may hit mid-message.
  if (['CONNECT_TIMEOUT', 'GREETING_TIMEOUT', 'UPGRADE_TIMEOUT', 'DNS_TIMEOUT'].includes(e.timeoutType ?? '')) return true;
  if (['EENVELOPE', 'EMESSAGE', 'EAUTH', 'ETLS', 'EDNS', 'ECONFIG', 'EREQUIRETLS'].includes(e.code ?? '')) return true;
  const systemCode = e.originalCode ?? e.code ?? '';
  return ['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN'].includes(systemCode);
}
