#!/usr/bin/env node
// The `fundwatch` command: parses arguments and hands each subcommand to its own module.
import { Command, CommanderError } from 'commander';
import { VARIABLES } from '../config.js';
import { frenchCommanderError, frenchHelpTitle } from './french.js';
import { fail } from './run.js';

/** `serve --help` ends with the environment it reads, with defaults (the same list as docs/reference.md). */
function environmentHelp(): string {
  const width = Math.max(...VARIABLES.map((v) => v.name.length));
  const lines = VARIABLES.map((v) => `  ${v.name.padEnd(width)}  ${v.help} (défaut : ${v.default ?? 'non défini'})`);
  return `\nVariables d'environnement lues (toutes facultatives) :\n${lines.join('\n')}\n\nRéférence complète : docs/reference.md`;
}

const program = new Command('fundwatch')
  .description('Veille des financements : relève les appels à projets, les rapproche des projets des membres et leur envoie une lettre chaque semaine.')
  // Settings given here are inherited by every subcommand declared below.
  .configureHelp({ styleTitle: frenchHelpTitle })
  .configureOutput({ outputError: (text, write) => write(frenchCommanderError(text)) })
  .helpOption('-h, --help', 'afficher cette aide')
  .helpCommand('help [commande]', 'afficher l’aide d’une commande')
  .showHelpAfterError('(fundwatch --help pour la liste des commandes)')
  .exitOverride();

program
  .command('serve')
  .description('lancer l’API et les tâches planifiées (relève selon FETCH_CRON, lettres selon DIGEST_CRON)')
  .addHelpText('after', environmentHelp)
  .action(async () => (await import('./serve.js')).serve());

program
  .command('fetch')
  .description('relever maintenant toutes les sources activées, ou une seule avec --source')
  .option('--source <id>', 'relever seulement cette source (même désactivée)')
  .action(async (opts: { source?: string }) => (await import('./fetch.js')).fetch(opts));

const sources = program.command('sources').description('travailler sur le fichier des sources (feeds.yaml)');
sources
  .command('check')
  .description('vérifier un fichier des sources ; en cas d’erreur, les liste toutes (FICHIER:LIGNE: source ID: champ: message) et sort avec le code 1')
  .argument('[fichier]', 'le fichier des sources (par défaut : FUNDWATCH_FEEDS, sinon ./feeds.yaml)')
  .action(async (file?: string) => (await import('./sources.js')).check(file));
sources
  .command('test')
  .description('relever une source en direct et afficher ce qui serait extrait (titre, adresse, date limite, montant), sans rien enregistrer')
  .argument('<id>', 'l’identifiant de la source (id dans feeds.yaml)')
  .action(async (id: string) => (await import('./sources.js')).test(id));

const synonyms = program.command('synonyms').description('travailler sur le thésaurus (synonyms.yaml)');
synonyms
  .command('check')
  .description('vérifier le thésaurus ; en cas d’erreur, les liste toutes (FICHIER:LIGNE: message) et sort avec le code 1')
  .argument('[fichier]', 'le fichier du thésaurus (par défaut : FUNDWATCH_SYNONYMS, sinon le synonyms.yaml du projet)')
  .action(async (file?: string) => (await import('./synonyms.js')).check(file));

const members = program.command('members').description('gérer les membres');
members
  .command('import')
  .description('créer ou mettre à jour les membres et leurs profils depuis un fichier CSV ou YAML')
  .argument('<fichier>', 'un fichier .csv, .yaml ou .yml (format : docs/reference.md)')
  .action(async (file: string) => (await import('./members.js')).importMembers(file));

program
  .command('match')
  .description('recalculer les correspondances de chaque appel ouvert avec chaque profil actif')
  .action(async () => (await import('./match.js')).match());

program
  .command('digest')
  .description('préparer et envoyer maintenant les lettres de la semaine')
  .option('--dry-run', 'écrire les lettres dans le dossier outbox au lieu de les envoyer, quel que soit SMTP_URL')
  .option('--member <courriel>', 'seulement ce membre (adresse électronique)')
  .option('--now <date>', 'faire comme si l’on était à cette date (AAAA-MM-JJ ou date ISO complète)')
  .action(async (opts: { dryRun?: boolean; member?: string; now?: string }) => (await import('./digest.js')).digest(opts));

program
  .command('reminders')
  .description('envoyer maintenant les rappels du jour pour les appels suivis par les membres (ce que lance REMINDER_CRON)')
  .option('--dry-run', 'écrire les rappels dans le dossier outbox au lieu de les envoyer, quel que soit SMTP_URL')
  .option('--now <date>', 'faire comme si l’on était à cette date (AAAA-MM-JJ ou date ISO complète)')
  .action(async (opts: { dryRun?: boolean; now?: string }) => (await import('./reminders.js')).reminders(opts));

program
  .command('extract')
  .description('lire le texte d’un appel sur l’entrée standard et afficher en JSON ce qui en est extrait (dates limites, montant, ouverture, taux, récurrence, fonds européens)')
  .option('--published <date>', 'date de publication (AAAA-MM-JJ), pour compléter les dates écrites sans année')
  .action(async (opts: { published?: string }) => (await import('./extract.js')).extract(opts));

program
  .command('migrate')
  .description('appliquer les migrations de la base en attente, puis s’arrêter')
  .action(async () => (await import('./migrate.js')).migrateCommand());

program
  .command('backup')
  .description('écrire une copie cohérente de la base, même pendant que le service tourne')
  .argument('<fichier>', 'où écrire la copie (pas sur la base elle-même)')
  .action(async (file: string) => (await import('./backup.js')).backup(file));

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // --help and --version exit 0; usage errors were already printed by commander.
    process.exit(error.exitCode);
  }
  fail(error);
}
