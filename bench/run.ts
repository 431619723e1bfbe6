// `npm run bench`: measures every stage at network scale against a naive baseline measured in the same run, and
// prints one table. It asserts nothing about time; a stage that cannot run prints why instead of a number.
//
//   node dist/bench/run.js [--quick] [--only NAME[,NAME]] [--in-process]
//
// From the compiled output each scenario runs in its own child process, so its peak memory is its own and one
// scenario's garbage does not slow the next; `--in-process` (and the test suite) runs them in this process.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { machineInfo, NotAvailable, sizesFor, unmeasuredRows, type Row, type Scenario, type Sizes } from './harness.js';
import { formatReport } from './table.js';
import { ingestScenario } from './scenarios/ingest.js';
import { matchScenario } from './scenarios/match.js';
import { renderScenario } from './scenarios/render.js';
import { sendScenario } from './scenarios/send.js';
import { apiScenario } from './scenarios/api.js';
import { jsonScenario } from './scenarios/json.js';

export const SCENARIOS: readonly Scenario[] = [ingestScenario, jsonScenario, matchScenario, renderScenario, sendScenario, apiScenario];

export interface BenchOptions {
  quick: boolean;
  only: string[] | null;
  inProcess: boolean;
  /** Internal: run one scenario and print its rows as JSON for the parent. */
  child: string | null;
}

const CHILD_MARKER = '@@fundwatch-bench-rows ';

export function parseArgs(argv: readonly string[]): BenchOptions {
  const options: BenchOptions = { quick: false, only: null, inProcess: false, child: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--quick') options.quick = true;
    else if (arg === '--in-process') options.inProcess = true;
    else if (arg === '--only') options.only = (argv[++i] ?? '').split(',').filter(Boolean);
    else if (arg === '--child') options.child = argv[++i] ?? null;
    else throw new Error(`unknown argument "${arg}" (expected --quick, --only NAME[,NAME], --in-process)`);
  }
  const unknown = (options.only ?? []).filter((name) => !SCENARIOS.some((s) => s.name === name));
  if (unknown.length > 0) throw new Error(`unknown scenario ${unknown.join(', ')} (known: ${SCENARIOS.map((s) => s.name).join(', ')})`);
  return options;
}

/** Runs one scenario here; any failure becomes rows that say what went wrong, never a number. */
export async function runScenario(scenario: Scenario, sizes: Sizes): Promise<Row[]> {
  try {
    return await scenario.run(sizes);
  } catch (error) {
    if (error instanceof NotAvailable) return unmeasuredRows(scenario, sizes, error.message);
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`bench: ${scenario.name} failed: ${error instanceof Error ? error.stack : message}\n`);
    return unmeasuredRows(scenario, sizes, `failed: ${message.split('\n')[0]!.slice(0, 120)}`);
  }
}

function childTimeoutMs(sizes: Sizes): number {
  return sizes.quick ? 120_000 : 300_000;
}

/** Runs one scenario in a fresh Node process on the compiled output and reads back its rows. */
function runScenarioInChild(scenario: Scenario, sizes: Sizes): Promise<Row[]> {
  const args = [...process.execArgv, '--expose-gc', fileURLToPath(import.meta.url), '--child', scenario.name, ...(sizes.quick ? ['--quick'] : [])];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), childTimeoutMs(sizes));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = stdout.split('\n').find((l) => l.startsWith(CHILD_MARKER));
      if (line) return resolve(JSON.parse(line.slice(CHILD_MARKER.length)) as Row[]);
      const why = signal === 'SIGKILL' ? `timed out after ${childTimeoutMs(sizes) / 1000} s` : `exited with ${signal ?? code}`;
      resolve(unmeasuredRows(scenario, sizes, `failed: child process ${why}`));
    });
  });
}

export interface BenchReport {
  rows: Row[];
  text: string;
}

/** The whole bench: every selected scenario in order, then the table. */
export async function runBench(options: BenchOptions, print: (text: string) => void = (t) => process.stdout.write(t)): Promise<BenchReport> {
  const sizes = sizesFor(options.quick);
  const machine = machineInfo();
  const selected = SCENARIOS.filter((s) => options.only === null || options.only.includes(s.name));
  const rows: Row[] = [];
  for (const scenario of selected) {
    process.stderr.write(`bench: ${scenario.name}…\n`);
    const started = Date.now();
    rows.push(...(options.inProcess ? await runScenario(scenario, sizes) : await runScenarioInChild(scenario, sizes)));
    process.stderr.write(`bench: ${scenario.name} done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  }
  const text = formatReport(machine, options.quick, rows);
  print(text);
  return { rows, text };
}

export async function main(argv: readonly string[]): Promise<BenchReport | null> {
  const options = parseArgs(argv);
  if (options.child !== null) {
    const scenario = SCENARIOS.find((s) => s.name === options.child);
    if (!scenario) throw new Error(`unknown scenario ${options.child}`);
    const rows = await runScenario(scenario, sizesFor(options.quick));
    process.stdout.write(`${CHILD_MARKER}${JSON.stringify(rows)}\n`);
    return null;
  }
  // Isolation needs a compiled entry point to spawn; under a TypeScript loader run in-process instead.
  if (!import.meta.url.endsWith('.js')) options.inProcess = true;
  return runBench(options);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).then(
    // Servers, pools and sockets of a scenario may keep handles open; the table is printed, so leave now.
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
