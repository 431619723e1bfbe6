// Every environment variable fundwatch reads, declared once with its default and its parser.
// Nothing else in the code base reads process.env.
import { validate as validateCron } from 'node-cron';

export class ConfigError extends Error {
  constructor(readonly variable: string, message: string) {
    super(`${variable} : ${message}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** One environment variable as staff see it: in `fundwatch serve --help` and in docs/reference.md. */
export interface VariableDoc {
  name: string;
  /** The default as the variable would be written (checked against loadConfig); null: unset unless given. */
  default: string | null;
  /** What it does, in French (staff read it in the command's help). */
  help: string;
}

/**
 * Every variable loadConfig reads, with its default: `serve --help` prints this list and a test checks that it holds
 * every variable read here and that docs/reference.md documents each. Add yours as its own line.
 */
export const VARIABLES: readonly VariableDoc[] = [
  { name: 'FUNDWATCH_DB', default: './data/fundwatch.db', help: 'fichier SQLite (son dossier est créé au besoin)' },
  { name: 'FUNDWATCH_FEEDS', default: './feeds.yaml', help: 'fichier des sources, relu à chaque enregistrement' },
  { name: 'FUNDWATCH_SYNONYMS', default: null, help: 'le thésaurus (synonyms.yaml), relu quand il change ; sans lui, celui livré avec fundwatch' },
  { name: 'SMTP_URL', default: null, help: 'serveur d’envoi, ex. smtps://user:pass@smtp.example.org:465 ; sans lui, le courrier va dans FUNDWATCH_OUTBOX' },
  { name: 'SMTP_MAX_CONNECTIONS', default: '5', help: 'connexions SMTP ouvertes en parallèle (1 à 100)' },
  { name: 'SMTP_RATE_PER_SECOND', default: '0', help: 'messages par seconde au plus, 0 : sans limite' },
  { name: 'FUNDWATCH_OUTBOX', default: './outbox', help: 'dossier des courriels (.eml) quand SMTP_URL n’est pas défini' },
  { name: 'MAIL_FROM', default: 'fundwatch <veille@localhost>', help: 'expéditeur' },
  { name: 'FUNDWATCH_BASE_URL', default: 'http://localhost:3000', help: 'adresse publique utilisée dans les liens des courriels' },
  { name: 'FUNDWATCH_SECRET', default: null, help: 'clé qui signe les liens des membres ; sans elle, créée une fois et gardée dans la base' },
  { name: 'FUNDWATCH_ADMIN_TOKEN', default: null, help: 'jeton de l’API d’administration (/api/*) ; sans lui, l’API est fermée' },
  { name: 'HOST', default: '127.0.0.1', help: 'adresse d’écoute' },
  { name: 'PORT', default: '3000', help: 'port d’écoute' },
  { name: 'FUNDWATCH_TZ', default: 'Europe/Paris', help: 'fuseau horaire des horaires et des dates' },
  { name: 'FETCH_CRON', default: '0 */6 * * *', help: 'quand les sources sont relevées (syntaxe cron)' },
  { name: 'DIGEST_CRON', default: '0 8 * * 1', help: 'quand partent les lettres de la semaine' },
  { name: 'REMINDER_CRON', default: '0 9 * * *', help: 'quand partent les rappels de dates limites des appels suivis (chaque jour)' },
  { name: 'STAFF_EMAIL', default: null, help: 'qui reçoit le rapport de l’équipe après chaque envoi' },
  { name: 'DKIM_DOMAIN', default: null, help: 'signature DKIM (avec DKIM_SELECTOR et DKIM_PRIVATE_KEY)' },
  { name: 'DKIM_SELECTOR', default: null, help: 'sélecteur DKIM' },
  { name: 'DKIM_PRIVATE_KEY', default: null, help: 'clé privée DKIM (PEM)' },
  { name: 'LOG_LEVEL', default: 'info', help: 'niveau du journal : fatal, error, warn, info, debug, trace, silent' },
  { name: 'PUBLIC_WATCH', default: 'off', help: 'on : publie les appels ouverts du réseau sur /veille et /veille.atom (sinon ces adresses répondent 404)' },
  { name: 'FUNDWATCH_PUBLIC_ORIGINS', default: null, help: 'origines (séparées par des espaces) autorisées à afficher /veille?embed=1 dans un cadre, ex. https://www.reseau.example' },
  { name: 'AIDES_TERRITOIRES_API_KEY', default: null, help: 'clé Aides-territoires, échangée contre un jeton par les sources « preset: aides-territoires »' },
];

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface DkimConfig {
  domainName: string;
  keySelector: string;
  privateKey: string;
}

export interface Config {
  dbPath: string;
  feedsPath: string;
  /** The thesaurus staff edit; null: the one shipped in the project (src/match/run.ts synonymsFile reads it). */
  synonymsPath: string | null;
  smtpUrl: string | null;
  outboxDir: string;
  mailFrom: string;
  baseUrl: string;
  /** null: generated once and kept in the database (see db/settings.ts). */
  secret: string | null;
  adminToken: string | null;
  host: string;
  port: number;
  timeZone: string;
  fetchCron: string;
  digestCron: string;
  /** When the daily deadline reminders of followed calls go out (issue 17). */
  reminderCron: string;
  staffEmail: string | null;
  dkim: DkimConfig | null;
  logLevel: LogLevel;
  /** SMTP pool tuning; not in the public interface but useful for large networks. */
  smtpMaxConnections: number;
  smtpRateLimitPerSecond: number;
  /** `/veille` and `/veille.atom` answer (issue 18); off, they are 404. */
  publicWatch: boolean;
  /** Origins (`https://www.reseau.example`) allowed to frame `/veille?embed=1`; empty: none but this service. */
  publicOrigins: string[];
  /** The key a `preset: aides-territoires` source exchanges for its bearer token. */
  aidesTerritoiresApiKey: string | null;
  /**
   * The environment as read at start, for the `${NAME}` values staff write in a json source's query or headers
   * (their names are chosen in feeds.yaml, so they cannot be declared here one by one).
   */
  sourceEnv: Readonly<Env>;
}

function text(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function parseUrl(name: string, value: string, protocols: string[]): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(name, `« ${value} » n’est pas une adresse valide (exemple : ${protocols[0]}//exemple.org)`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(name, `doit commencer par ${protocols.map((p) => `${p}//`).join(' ou ')} (reçu : « ${value} »)`);
  }
  return value;
}

function parseCron(name: string, value: string): string {
  if (!validateCron(value)) throw new ConfigError(name, `« ${value} » n’est pas une expression cron valide (exemple : 0 8 * * 1 pour le lundi à 8 h)`);
  return value;
}

function parseTimeZone(name: string, value: string): string {
  try {
    new Intl.DateTimeFormat('fr-FR', { timeZone: value });
  } catch {
    throw new ConfigError(name, `fuseau horaire inconnu : « ${value} » (exemple : Europe/Paris)`);
  }
  return value;
}

function parseInteger(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(name, `doit être un nombre entier de ${min} à ${max} (reçu : « ${value} »)`);
  }
  return n;
}

function parseEmail(name: string, value: string): string {
  // Accept "Name <addr@host>" or a bare address.
  const address = /<([^>]+)>\s*$/.exec(value)?.[1] ?? value;
  if (!/^[^\s@<>]+@[^\s@<>]+$/.test(address)) throw new ConfigError(name, `« ${value} » n’est pas une adresse électronique valide (exemple : Veille <veille@exemple.org>)`);
  return value;
}

function parseSwitch(name: string, value: string): boolean {
  const v = value.toLowerCase();
  if (['on', 'true', '1', 'yes', 'oui'].includes(v)) return true;
  if (['off', 'false', '0', 'no', 'non'].includes(v)) return false;
  throw new ConfigError(name, `doit valoir on ou off (reçu : « ${value} »)`);
}

/** Origins as CSP's frame-ancestors takes them: scheme, host and port, nothing after. */
function parseOrigins(name: string, value: string | undefined): string[] {
  if (value === undefined) return [];
  const origins: string[] = [];
  for (const item of value.split(/\s+/)) {
    let url: URL | null = null;
    try {
      url = new URL(item);
    } catch {
      url = null;
    }
    // A path, query or fragment would not be an origin: a browser would ignore or misread it, so it is refused here.
    const bare = url !== null && (url.pathname === '/' || url.pathname === '') && url.search === '' && url.hash === '' && !item.replace(/\/$/, '').slice(url.protocol.length + 2).includes('/');
    if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:') || !bare || url.username !== '' || url.password !== '') {
      throw new ConfigError(name, `« ${item} » n’est pas une origine (exemple : https://www.reseau.example, sans chemin ; plusieurs séparées par des espaces)`);
    }
    if (!origins.includes(url.origin)) origins.push(url.origin);
  }
  return origins;
}

function parseDkim(env: Env): DkimConfig | null {
  const domainName = text(env, 'DKIM_DOMAIN');
  const keySelector = text(env, 'DKIM_SELECTOR');
  const privateKey = env.DKIM_PRIVATE_KEY?.trim() || undefined;
  const set = [domainName, keySelector, privateKey].filter((v) => v !== undefined).length;
  if (set === 0) return null;
  if (set < 3) {
    const missing = ['DKIM_DOMAIN', 'DKIM_SELECTOR', 'DKIM_PRIVATE_KEY'].filter((n) => !text(env, n));
    throw new ConfigError(missing[0]!, 'la signature DKIM demande DKIM_DOMAIN, DKIM_SELECTOR et DKIM_PRIVATE_KEY ensemble : il manque celle-ci');
  }
  // A key pasted into an env file often has literal "\n" instead of newlines.
  const key = privateKey!.includes('\\n') ? privateKey!.replace(/\\n/g, '\n') : privateKey!;
  if (!key.includes('PRIVATE KEY')) throw new ConfigError('DKIM_PRIVATE_KEY', 'une clé privée au format PEM est attendue (-----BEGIN PRIVATE KEY----- …)');
  return { domainName: domainName!, keySelector: keySelector!, privateKey: key };
}

/** Reads and validates the whole configuration; throws ConfigError naming the first bad variable. */
export function loadConfig(env: Env = process.env): Config {
  const logLevel = text(env, 'LOG_LEVEL') ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `doit être l’un de ${LOG_LEVELS.join(', ')} (reçu : « ${logLevel} »)`);
  }
  const smtpUrl = text(env, 'SMTP_URL');
  const baseUrl = parseUrl('FUNDWATCH_BASE_URL', text(env, 'FUNDWATCH_BASE_URL') ?? 'http://localhost:3000', ['http:', 'https:']);
  return {
    dbPath: text(env, 'FUNDWATCH_DB') ?? './data/fundwatch.db',
    feedsPath: text(env, 'FUNDWATCH_FEEDS') ?? './feeds.yaml',
    synonymsPath: text(env, 'FUNDWATCH_SYNONYMS') ?? null,
    smtpUrl: smtpUrl === undefined ? null : parseUrl('SMTP_URL', smtpUrl, ['smtp:', 'smtps:']),
    outboxDir: text(env, 'FUNDWATCH_OUTBOX') ?? './outbox',
    mailFrom: parseEmail('MAIL_FROM', text(env, 'MAIL_FROM') ?? 'fundwatch <veille@localhost>'),
    baseUrl: baseUrl.replace(/\/+$/, ''),
    secret: text(env, 'FUNDWATCH_SECRET') ?? null,
    adminToken: text(env, 'FUNDWATCH_ADMIN_TOKEN') ?? null,
    host: text(env, 'HOST') ?? '127.0.0.1',
    port: parseInteger('PORT', text(env, 'PORT') ?? '3000', 0, 65535),
    timeZone: parseTimeZone('FUNDWATCH_TZ', text(env, 'FUNDWATCH_TZ') ?? 'Europe/Paris'),
    fetchCron: parseCron('FETCH_CRON', text(env, 'FETCH_CRON') ?? '0 */6 * * *'),
    digestCron: parseCron('DIGEST_CRON', text(env, 'DIGEST_CRON') ?? '0 8 * * 1'),
    reminderCron: parseCron('REMINDER_CRON', text(env, 'REMINDER_CRON') ?? '0 9 * * *'),
    staffEmail: (() => {
      const v = text(env, 'STAFF_EMAIL');
      return v === undefined ? null : parseEmail('STAFF_EMAIL', v);
    })(),
    dkim: parseDkim(env),
    logLevel: logLevel as LogLevel,
    smtpMaxConnections: parseInteger('SMTP_MAX_CONNECTIONS', text(env, 'SMTP_MAX_CONNECTIONS') ?? '5', 1, 100),
    smtpRateLimitPerSecond: parseInteger('SMTP_RATE_PER_SECOND', text(env, 'SMTP_RATE_PER_SECOND') ?? '0', 0, 10_000),
    publicWatch: parseSwitch('PUBLIC_WATCH', text(env, 'PUBLIC_WATCH') ?? 'off'),
    publicOrigins: parseOrigins('FUNDWATCH_PUBLIC_ORIGINS', text(env, 'FUNDWATCH_PUBLIC_ORIGINS')),
    aidesTerritoiresApiKey: text(env, 'AIDES_TERRITOIRES_API_KEY') ?? null,
    sourceEnv: Object.freeze({ ...env }),
  };
}
