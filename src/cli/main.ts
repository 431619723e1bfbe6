#!/usr/bin/env node
// The `fundwatch` command: parses arguments and hands each subcommand to its own module.
import { Command, CommanderError } from 'commander';
import { VARIABLES } from '../config.js';
import { fail } from './run.js';

/** `serve --help` ends with the environment it reads, with defaults (the same list as docs/reference.md). */
function environmentHelp(): string {
  const width = Math.max(...VARIABLES.map((v) => v.name.length));
  const lines = VARIABLES.map((v) => `  ${v.name.padEnd(width)}  ${v.help} (défaut : ${v.default ?? 'non défini'})`);
  return `\nVariables d'environnement lues (toutes facultatives) :\n${lines.join('\n')}\n\nRéférence complète : docs/reference.md`;
}

const program = new Command('fundwatch')
  .description('Funding watch: gathers calls for projects, matches them to members and mails a weekly digest.')
  .showHelpAfterError()
  .exitOverride();

program
  .command('serve')
  .description('run the REST API and the scheduler (fetch on FETCH_CRON, digests on DIGEST_CRON)')
  .addHelpText('after', environmentHelp)
  .action(async () => (await import('./serve.js')).serve());

program
  .command('fetch')
  .description('fetch all enabled sources now, or one with --source')
  .option('--source <id>', 'fetch only this source')
  .action(async (opts: { source?: string }) => (await import('./fetch.js')).fetch(opts));

const sources = program.command('sources').description('work on the sources file (feeds.yaml)');
sources
  .command('check')
  .description('validate a sources file; exit 1 listing every error as FILE:LINE: source ID: field: message')
  .argument('[file]', 'the sources file (default: FUNDWATCH_FEEDS or ./feeds.yaml)')
  .action(async (file?: string) => (await import('./sources.js')).check(file));
sources
  .command('test')
  .description('fetch one source live and print what would be extracted, without storing anything')
  .argument('<id>', 'the source id')
  .action(async (id: string) => (await import('./sources.js')).test(id));

const members = program.command('members').description('manage members');
members
  .command('import')
  .description('create or update members and their profiles from a CSV or YAML file')
  .argument('<file>', 'a .csv, .yaml or .yml file')
  .action(async (file: string) => (await import('./members.js')).importMembers(file));

program
  .command('match')
  .description('score every open call against every active profile')
  .action(async () => (await import('./match.js')).match());

program
  .command('digest')
  .description("build and send this week's digests now")
  .option('--dry-run', 'write the digests to the outbox whatever SMTP_URL says')
  .option('--member <email>', 'only this member')
  .option('--now <iso-date>', 'pretend the current time is this one')
  .action(async (opts: { dryRun?: boolean; member?: string; now?: string }) => (await import('./digest.js')).digest(opts));

program
  .command('extract')
  .description('read a call text on stdin and print the deadlines and amount found, as JSON')
  .option('--published <iso-date>', 'publication date, to complete dates written without a year')
  .action(async (opts: { published?: string }) => (await import('./extract.js')).extract(opts));

program
  .command('migrate')
  .description('apply pending database migrations and exit')
  .action(async () => (await import('./migrate.js')).migrateCommand());

program
  .command('backup')
  .description('write a consistent copy of the database, safe while the service runs')
  .argument('<file>', 'where to write the copy')
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
