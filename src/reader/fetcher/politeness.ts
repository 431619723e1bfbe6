// Politeness: one request at a time per host with a minimum delay between two, a global concurrency limit,
// and hosts put on hold when they answer Retry-After.
import pLimit, { type LimitFunction } from 'p-limit';
import { setTimeout as sleep } from 'node:timers/promises';

/** Thrown instead of waiting when a host asked for a pause longer than the gate is willing to wait. */
export class HostOnHold extends Error {
  constructor(readonly until: number) {
    super(`host on hold until ${new Date(until).toISOString()}`);
    this.name = 'HostOnHold';
  }
}

export class HostGate {
  private readonly queues = new Map<string, Promise<void>>();
  private readonly readyAt = new Map<string, number>();
  private readonly delays = new Map<string, number>();
  private readonly holds = new Map<string, number>();
  private readonly limit: LimitFunction;

  constructor(
    private readonly hostDelayMs: number,
    concurrency: number,
    /** The longest Retry-After hold waited for; beyond it, `run` throws HostOnHold. */
    private readonly maxHoldWaitMs: number = Infinity,
  ) {
    this.limit = pLimit(concurrency);
  }

  /** Runs `task` when `host` is free and its delay has passed, within the global limit. */
  async run<T>(host: string, task: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(host) ?? Promise.resolve();
    let release: () => void = () => undefined;
    const turn = new Promise<void>((resolve) => (release = resolve));
    const queued = previous.then(() => turn);
    this.queues.set(host, queued);
    await previous;
    try {
      // Checked once this request's turn has come: the hold may have been set by the request just before it.
      const held = this.heldUntil(host);
      if (held !== null && held - Date.now() > this.maxHoldWaitMs) throw new HostOnHold(held);
      const wait = (this.readyAt.get(host) ?? 0) - Date.now();
      if (wait > 0) await sleep(wait);
      return await this.limit(task);
    } finally {
      this.readyAt.set(host, Math.max(this.readyAt.get(host) ?? 0, Date.now() + this.delayOf(host)));
      if (this.queues.get(host) === queued) this.queues.delete(host);
      release();
    }
  }

  /** A longer delay for one host (robots.txt Crawl-delay); never shorter than the default. */
  setHostDelay(host: string, delayMs: number): void {
    this.delays.set(host, Math.max(this.hostDelayMs, delayMs));
  }

  /** No request to `host` before `until` (Retry-After). */
  holdUntil(host: string, until: number): void {
    this.readyAt.set(host, Math.max(this.readyAt.get(host) ?? 0, until));
    this.holds.set(host, Math.max(this.holds.get(host) ?? 0, until));
  }

  /** When a Retry-After hold on `host` ends, if one is still running. */
  heldUntil(host: string): number | null {
    const until = this.holds.get(host);
    if (until === undefined) return null;
    if (until > Date.now()) return until;
    this.holds.delete(host);
    return null;
  }

  private delayOf(host: string): number {
    return this.delays.get(host) ?? this.hostDelayMs;
  }
}
