// Why the database named by FUNDWATCH_DB could not be opened, said in French with the path, for a one-line failure.
import { ConfigError } from '../config.js';

/** Turns an error from opening `path` (mkdir, better-sqlite3, first pragma) into a ConfigError naming FUNDWATCH_DB. */
export function databaseOpenError(path: string, error: unknown): ConfigError {
  const code = (error as { code?: unknown }).code;
  const detail = error instanceof Error ? error.message : String(error);
  let what: string;
  if (code === 'SQLITE_NOTADB') {
    what = `« ${path} » n’est pas une base SQLite : indiquez le fichier de la base, ou un fichier qui n’existe pas encore pour en créer une`;
  } else if (code === 'EACCES' || code === 'EPERM' || code === 'SQLITE_READONLY' || code === 'SQLITE_PERM') {
    what = `pas le droit d’écrire la base « ${path} » ou son dossier (${detail}) : vérifiez les droits`;
  } else if (code === 'ENOTDIR' || code === 'EEXIST') {
    what = `le dossier de « ${path} » ne peut pas être créé : une partie du chemin est un fichier (${detail})`;
  } else if (code === 'SQLITE_CANTOPEN') {
    what = `impossible d’ouvrir « ${path} » comme base SQLite (un dossier, ou un chemin inaccessible ?)`;
  } else {
    what = `impossible d’ouvrir la base « ${path} » : ${detail}`;
  }
  return new ConfigError('FUNDWATCH_DB', what);
}
