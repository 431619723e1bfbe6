// What every command and the server share: configuration, database and logger, set up once.
import type { Config } from './config.js';
import { openDb, type Db } from './db/connection.js';
import type { Logger } from './log.js';

export interface AppContext {
  config: Config;
  db: Db;
  log: Logger;
}

export function createContext(config: Config, log: Logger): AppContext {
  return { config, db: openDb(config.dbPath), log };
}
