import { openDb } from '../db/connection.js';
import { migrate } from '../db/migrate.js';
import { configOrExit } from './run.js';

export async function migrateCommand(): Promise<void> {
  const config = configOrExit();
  const db = openDb(config.dbPath, { migrate: false });
  try {
    const applied = migrate(db);
    process.stdout.write(applied.length === 0 ? 'base à jour : aucune migration à appliquer\n' : applied.map((name) => `migration appliquée : ${name}\n`).join(''));
  } finally {
    db.close();
  }
}
