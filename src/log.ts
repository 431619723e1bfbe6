// pino to stderr: JSON for machines, pretty when a person is watching a terminal.
import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { LogLevel } from './config.js';

export type { Logger };

export function createLogger(level: LogLevel = 'info'): Logger {
  if (process.stderr.isTTY) {
    return pino({ level }, pretty({ destination: 2, sync: true, colorize: true, translateTime: 'SYS:HH:MM:ss' }));
  }
  return pino({ level }, pino.destination({ dest: 2, sync: true }));
}

/** A logger that drops everything: for tests and pure code paths that want one. */
export const silentLogger: Logger = pino({ level: 'silent' });
