// What works and what is off in this installation, said in French for staff: logged by `serve` at start and shown
// on the home page (`/`). Pure: the caller reads the configuration and feeds.yaml.
import type { Config } from '../config.js';
import { loadSourcesFile, SourcesFileError, type SourceConfig } from '../sources/load.js';

/** feeds.yaml as read: its sources, or why it could not be used. */
export type SourcesState = { ok: true; sources: readonly SourceConfig[] } | { ok: false; problem: 'missing' | 'invalid' | 'unreadable' };

export interface SetupNote {
  topic: 'api' | 'mail' | 'sources' | 'public';
  /** true: this part works; false: it is off, and `hint` says how to turn it on. */
  on: boolean;
  text: string;
  hint: string | null;
}

/** Reads feeds.yaml for a setup note; never throws. */
export function readSourcesState(path: string): SourcesState {
  try {
    return { ok: true, sources: loadSourcesFile(path).sources };
  } catch (error) {
    if (!(error instanceof SourcesFileError)) return { ok: false, problem: 'unreadable' };
    const reading = error.errors.length === 1 && error.errors[0]!.field === '-' ? error.errors[0]!.message : null;
    return { ok: false, problem: reading === 'fichier introuvable' ? 'missing' : reading === null ? 'invalid' : 'unreadable' };
  }
}

function apiNote(config: Config): SetupNote {
  if (config.adminToken !== null) {
    return { topic: 'api', on: true, text: 'API d’administration ouverte (/api/*, avec le jeton FUNDWATCH_ADMIN_TOKEN).', hint: null };
  }
  return {
    topic: 'api',
    on: false,
    text: 'API d’administration fermée : FUNDWATCH_ADMIN_TOKEN n’est pas défini, les routes /api/* répondent 503.',
    hint: 'Pour l’ouvrir : export FUNDWATCH_ADMIN_TOKEN=$(openssl rand -hex 24), puis relancez le service.',
  };
}

function mailNote(config: Config): SetupNote {
  if (config.smtpUrl !== null) {
    return { topic: 'mail', on: true, text: 'Courriels envoyés par le serveur SMTP de SMTP_URL.', hint: null };
  }
  return {
    topic: 'mail',
    on: false,
    text: `Pas de serveur d’envoi (SMTP_URL n’est pas défini) : les courriels sont écrits en fichiers .eml dans ${config.outboxDir}, rien ne part.`,
    hint: 'Pour envoyer pour de vrai : SMTP_URL=smtps://utilisateur:motdepasse@smtp.example.org:465, avec MAIL_FROM et FUNDWATCH_BASE_URL.',
  };
}

function sourcesNote(config: Config, state: SourcesState): SetupNote {
  const file = config.feedsPath;
  if (!state.ok) {
    const why = { missing: 'est introuvable', invalid: 'est refusé (erreurs dans le journal)', unreadable: 'est illisible' }[state.problem];
    return {
      topic: 'sources',
      on: false,
      text: `Aucune source relevée : le fichier des sources ${file} ${why}.`,
      hint: 'Corrigez-le : npx fundwatch sources check liste chaque erreur avec sa ligne ; le service relit le fichier dès qu’il est enregistré.',
    };
  }
  const enabled = state.sources.filter((s) => s.enabled).length;
  if (enabled === 0) {
    return {
      topic: 'sources',
      on: false,
      text: `Aucune source activée dans ${file} (${state.sources.length} désactivée${state.sources.length > 1 ? 's' : ''}) : rien ne sera relevé.`,
      hint: 'Pour en activer une : essayez-la avec npx fundwatch sources test ID, puis mettez enabled: true dans le fichier (relu dès son enregistrement).',
    };
  }
  return {
    topic: 'sources',
    on: true,
    text: `${enabled} source${enabled > 1 ? 's activées' : ' activée'} sur ${state.sources.length}, relevée${enabled > 1 ? 's' : ''} selon FETCH_CRON (${config.fetchCron}).`,
    hint: null,
  };
}

/** The public watch, said only when it is on: off is a choice, not something left to configure. */
function publicNote(config: Config): SetupNote[] {
  if (!config.publicWatch) return [];
  const framing =
    config.publicOrigins.length > 0
      ? `affichable dans un cadre par ${config.publicOrigins.join(', ')} (/veille?embed=1)`
      : 'aucun autre site ne peut l’afficher dans un cadre (FUNDWATCH_PUBLIC_ORIGINS n’est pas défini)';
  return [{ topic: 'public', on: true, text: `Veille publique ouverte à tous sur /veille et /veille.atom ; ${framing}.`, hint: null }];
}

export function setupNotes(config: Config, sources: SourcesState): SetupNote[] {
  return [apiNote(config), mailNote(config), sourcesNote(config, sources), ...publicNote(config)];
}
