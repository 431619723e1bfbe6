// A local SMTP server (smtp-server) that accepts and counts every message, in a worker thread of its own so that
// receiving mail does not share the sender's event loop, as with a real relay on another machine.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export interface SmtpSink {
  url: string;
  /** Messages fully received (after the server's 250). */
  received: () => Promise<number>;
  close: () => Promise<void>;
}

// Plain CommonJS run by the worker (eval), so it loads the same whether the bench runs compiled or under vitest.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { SMTPServer } = require(workerData.smtpServerPath);
let received = 0;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  disableReverseLookup: true,
  logger: false,
  maxClients: 100,
  onData(stream, _session, callback) {
    stream.on('data', () => {});
    stream.on('end', () => { received++; callback(); });
  },
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.server.address().port }));
parentPort.on('message', (message) => {
  if (message === 'count') parentPort.postMessage({ received });
  if (message === 'close') server.close(() => parentPort.postMessage({ closed: true }));
});
`;

function nextMessage<T>(worker: Worker, key: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: Record<string, unknown>): void => {
      if (key in message) {
        worker.off('message', onMessage);
        worker.off('error', reject);
        resolve(message[key] as T);
      }
    };
    worker.on('message', onMessage);
    worker.once('error', reject);
  });
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const smtpServerPath = createRequire(import.meta.url).resolve('smtp-server');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { smtpServerPath } });
  const port = await nextMessage<number>(worker, 'port');
  return {
    url: `smtp://127.0.0.1:${port}`,
    received: () => {
      const answer = nextMessage<number>(worker, 'received');
      worker.postMessage('count');
      return answer;
    },
    close: async () => {
      const closed = nextMessage<boolean>(worker, 'closed');
      worker.postMessage('close');
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 2_000))]);
      await worker.terminate();
    },
  };
}
