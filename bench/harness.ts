// What every scenario shares: the sizes, the row it prints, timing and memory helpers.
import { cpus } from 'node:os';

/** Workload sizes; `--quick` divides them by ten. */
export interface Sizes {
  quick: boolean;
  feeds: number;
  itemsPerFeed: number;
  calls: number;
  profiles: number;
  newCalls: number;
  /** Naive matching is timed on this sample and extrapolated to the full size. */
  naiveCalls: number;
  naiveProfiles: number;
  digests: number;
  callsPerDigest: number;
  /** Per-member mjml is timed on this many members. */
  mjmlMembers: number;
  sends: number;
  apiCalls: number;
  /** Seconds autocannon hammers each route. */
  apiSeconds: number;
}

export function sizesFor(quick: boolean): Sizes {
  const full: Sizes = {
    quick,
    feeds: 200,
    itemsPerFeed: 50,
    calls: 20_000,
    profiles: 5_000,
    newCalls: 500,
    naiveCalls: 1_000,
    naiveProfiles: 500,
    digests: 5_000,
    callsPerDigest: 20,
    mjmlMembers: 100,
    sends: 5_000,
    apiCalls: 20_000,
    apiSeconds: 10,
  };
  if (!quick) return full;
  return {
    ...full,
    feeds: 20,
    calls: 2_000,
    profiles: 500,
    newCalls: 50,
    naiveCalls: 200,
    naiveProfiles: 100,
    digests: 500,
    mjmlMembers: 10,
    sends: 500,
    apiCalls: 2_000,
    apiSeconds: 2,
  };
}

/** One line of the printed table. Figures are already formatted; `met` is null when nothing was measured. */
export interface Row {
  stage: string;
  workload: string;
  figure: string;
  baseline: string;
  ratio: string;
  target: string;
  met: boolean | null;
  /** Said under the table: how a figure was obtained (extrapolation, sample checks, errors). */
  notes?: string[];
}

/** The rows a scenario promises, so a scenario that cannot run still prints them. */
export interface RowPlan {
  stage: string;
  workload: (sizes: Sizes) => string;
  target: string;
}

export interface Scenario {
  name: string;
  plan: RowPlan[];
  run: (sizes: Sizes) => Promise<Row[]>;
}

/** Something a scenario needs is not in the tree (yet): the row says so rather than inventing a number. */
export class NotAvailable extends Error {
  constructor(readonly what: string) {
    super(`not available: ${what}`);
    this.name = 'NotAvailable';
  }
}

export function unmeasuredRows(scenario: Scenario, sizes: Sizes, reason: string): Row[] {
  return scenario.plan.map((plan) => ({
    stage: plan.stage,
    workload: plan.workload(sizes),
    figure: reason,
    baseline: '—',
    ratio: '—',
    target: plan.target,
    met: null,
  }));
}

/**
 * A full garbage collection before a timed phase, when the process allows it (the bench's child processes run with
 * --expose-gc): otherwise one phase pays, in slower scavenges or a major collection, for the garbage the phase
 * before it left (the naive matcher's sample left about 600 MB ahead of the incremental run).
 */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/**
 * A scavenge of the young generation only, when the process allows it. A forced full collection before each run of a
 * short phase weighs on what follows it: measured on the json row, a read timed right after one took 12-14 ms
 * instead of 10-11, with more CPU time than wall time (the collector's background work, such as sweeping, running
 * beside the read), while the parse it is compared with was not slowed.
 */
export function collectYoungGarbage(): void {
  (globalThis as { gc?: (options?: { type: 'minor' | 'major' }) => void }).gc?.({ type: 'minor' });
}

export async function timed<T>(work: () => Promise<T> | T): Promise<{ result: T; seconds: number }> {
  const start = process.hrtime.bigint();
  const result = await work();
  return { result, seconds: Number(process.hrtime.bigint() - start) / 1e9 };
}

/** Samples the resident set size while work runs, so the peak is known even without a child process. */
export async function withPeakRss<T>(work: () => Promise<T>): Promise<{ result: T; peakRss: number }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage.rss(), process.resourceUsage().maxRSS * 1024);
    return { result, peakRss: peak };
  } finally {
    clearInterval(timer);
  }
}

export function formatSeconds(seconds: number): string {
  if (seconds < 1) return `${(seconds * 1000).toFixed(seconds < 0.01 ? 2 : 0)} ms`;
  return `${seconds.toFixed(seconds < 10 ? 2 : 1)} s`;
}

export function formatRate(perSecond: number, unit: string): string {
  const digits = perSecond >= 100 ? 0 : perSecond >= 10 ? 1 : 2;
  return `${perSecond.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })} ${unit}/s`;
}

export function formatBytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
}

/** "12.3x" for ratios: how many times better than the baseline (or worse, when the target is an upper bound). */
export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return '∞';
  return `${ratio.toFixed(ratio < 10 ? 2 : 1)}x`;
}

export function count(n: number): string {
  return n.toLocaleString('en-US');
}

export interface MachineInfo {
  date: string;
  node: string;
  cpu: string;
  cores: number;
  platform: string;
}

export function machineInfo(now: Date = new Date()): MachineInfo {
  const cpuList = cpus();
  return {
    date: now.toISOString().replace(/\.\d+Z$/, 'Z'),
    node: process.version,
    cpu: cpuList[0]?.model.trim() ?? 'unknown CPU',
    cores: cpuList.length,
    platform: `${process.platform} ${process.arch}`,
  };
}
