import { backupDb } from '../db/backup.js';
import { withContext } from './run.js';

export async function backup(file: string): Promise<void> {
  await withContext(async (ctx) => {
    await backupDb(ctx.db, file);
    process.stdout.write(`copie de la base écrite dans ${file}\n`);
  });
}
