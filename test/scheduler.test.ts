import { describe, expect, it } from 'vitest';
import { silentLogger } from '../src/log.js';
import { fetchPlan, startScheduler } from '../src/scheduler.js';

describe('scheduler', () => {
  it('groups enabled sources by their own schedule or the default one', () => {
    const plan = fetchPlan(
      [
        { id: 'region-sud', enabled: true },
        { id: 'fondation', enabled: true, schedule: '0 7 * * *' },
        { id: 'ville', enabled: false },
        { id: 'anct', enabled: true },
      ],
      '0 */6 * * *',
    );
    expect(Object.fromEntries(plan)).toEqual({ '0 */6 * * *': ['region-sud', 'anct'], '0 7 * * *': ['fondation'] });
  });

  it('runs the jobs on their cron and survives a failing job', async () => {
    const fetched: string[][] = [];
    let digests = 0;
    const scheduler = startScheduler(
      [{ id: 'every-second', enabled: true, schedule: '* * * * * *' }],
      {
        fetch: async (ids) => {
          fetched.push(ids);
          throw new Error('a broken source must not stop the scheduler');
        },
        digest: async () => {
          digests++;
        },
      },
      { fetchCron: '0 0 1 1 *', digestCron: '* * * * * *', timeZone: 'Europe/Paris', log: silentLogger },
    );
    try {
      await new Promise((resolve) => setTimeout(resolve, 2_300));
      expect(fetched.length).toBeGreaterThanOrEqual(2);
      expect(fetched[0]).toEqual(['every-second']);
      expect(digests).toBeGreaterThanOrEqual(2);
    } finally {
      await scheduler.stop();
    }
    const after = fetched.length;
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(fetched.length).toBe(after);
  });
});
