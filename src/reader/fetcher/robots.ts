// robots.txt, read once per origin and kept for a while.
import robotsParserModule from 'robots-parser';

interface Robots {
  isAllowed(url: string, ua?: string): boolean | undefined;
  getCrawlDelay(ua?: string): number | undefined;
}
// robots-parser is CommonJS exporting the function itself, while its types declare an ES default export:
// at run time the default import is already the function.
const robotsParser = robotsParserModule as unknown as (url: string, contents: string) => Robots;

export interface RobotsRules {
  isAllowed(url: string): boolean;
  crawlDelayMs: number | null;
  /** Kept this long at most: rules assumed because robots.txt could not be read are asked for again soon. */
  keepMs?: number;
}

export const ALLOW_ALL: RobotsRules = { isAllowed: () => true, crawlDelayMs: null };

/** What we assume when robots.txt failed (5xx, network): no rules for now, and another look in ten minutes. */
export const UNKNOWN_RULES: RobotsRules = { ...ALLOW_ALL, keepMs: 10 * 60 * 1000 };

/** Pure: the rules of a robots.txt text for our user-agent token. */
export function parseRobots(robotsUrl: string, text: string, agent: string): RobotsRules {
  const robots = robotsParser(robotsUrl, text);
  const delay = robots.getCrawlDelay(agent);
  return {
    // undefined means the URL is not on this origin: not ours to judge.
    isAllowed: (url: string) => robots.isAllowed(url, agent) !== false,
    crawlDelayMs: typeof delay === 'number' && delay > 0 ? Math.min(delay, 60) * 1000 : null,
  };
}

export class RobotsCache {
  private readonly entries = new Map<string, { rules: Promise<RobotsRules>; expiresAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly load: (robotsUrl: string) => Promise<RobotsRules>,
  ) {}

  rulesFor(url: string): Promise<RobotsRules> {
    const origin = new URL(url).origin;
    const cached = this.entries.get(origin);
    if (cached && cached.expiresAt > Date.now()) return cached.rules;
    // Keep the promise so that concurrent requests to one origin read robots.txt once.
    const rules = this.load(`${origin}/robots.txt`);
    const entry = { rules, expiresAt: Date.now() + this.ttlMs };
    this.entries.set(origin, entry);
    void rules.then((r) => {
      if (r.keepMs !== undefined) entry.expiresAt = Math.min(entry.expiresAt, Date.now() + r.keepMs);
    });
    return rules;
  }
}
