// A real SMTP server on 127.0.0.1 (port 0) that keeps every message it accepts, raw and parsed with mailparser,
// and can be told to be slow, to refuse, or to hang up, as real mail servers are.
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

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
