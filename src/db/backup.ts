import { mkdirSync, realpathSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Db } from './connection.js';

/** A backup refused before anything is written; the message names the path (and the variable when it is one). */
export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

/** The same file on disk, whatever the path's spelling (relative, symbolic links, hard links). */
function sameFile(a: string, b: string): boolean {
  try {
    const [sa, sb] = [statSync(a), statSync(b)];
    return sa.dev === sb.dev && sa.ino === sb.ino;
  } catch {
    return false;
  }
}

/** SQLite's online backup: a consistent copy even while another process writes. */
export async function backupDb(db: Db, destination: string): Promise<void> {
  const target = resolve(destination);
  const live = db.name;
  // Writing a backup onto the database it copies would destroy it; its -wal and -shm files belong to it too.
  for (const file of [live, `${live}-wal`, `${live}-shm`]) {
    if (sameFile(target, file) || (live !== ':memory:' && target === resolve(file))) {
      throw new BackupError(
        `« ${destination} » est la base en service (FUNDWATCH_DB=${live})${file === live ? '' : ', ou l’un de ses fichiers'} : choisissez un autre fichier pour la copie`,
      );
    }
  }
  try {
    if (statSync(target).isDirectory()) {
      throw new BackupError(`« ${destination} » est un dossier : donnez le nom du fichier de la copie, par exemple ${destination.replace(/\/+$/, '')}/fundwatch-copie.db`);
    }
  } catch (error) {
    if (error instanceof BackupError) throw error;
    // Not there yet: the usual case.
  }
  try {
    mkdirSync(dirname(target), { recursive: true });
  } catch (error) {
    throw new BackupError(`impossible de créer le dossier de la copie « ${dirname(destination)} » (${(error as Error).message})`);
  }
  try {
    await db.backup(target);
  } catch (error) {
    throw new BackupError(`impossible d’écrire la copie « ${destination} » (${(error as Error).message}) : vérifiez le chemin et les droits`);
  }
  // A copy that cannot be read back is no copy.
  realpathSync(target);
}
