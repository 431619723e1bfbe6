// Keeps the benchmark from rotting: the whole bench runs once at a tenth of its size and must print its table.
// Nothing here is about time (figures are for people to read in bench/RESULTS.md, never asserted).
import { describe, expect, it } from 'vitest';
import { runBench, SCENARIOS } from '../bench/run.js';
import { sizesFor } from '../bench/harness.js';
import { COLUMNS } from '../bench/table.js';

describe('npm run bench -- --quick', () => {
  it('runs every scenario and prints one table with a row for each', async () => {
    let printed = '';
    const report = await runBench({ quick: true, only: null, inProcess: true, child: null }, (text) => (printed += text));

    expect(printed).toMatch(/^date: \d{4}-\d\d-\d\dT/m);
    expect(printed).toMatch(/^node: v\d+/m);
    expect(printed).toMatch(/^cpu: .+/m);
    expect(printed).toContain(`| ${COLUMNS[0]}`);
    const sizes = sizesFor(true);
    const planned = SCENARIOS.flatMap((s) => s.plan.map((p) => ({ stage: p.stage, workload: p.workload(sizes) })));
    expect(report.rows.map((r) => r.stage)).toEqual(planned.map((p) => p.stage));
    for (const { stage, workload } of planned) {
      const line = printed.split('\n').find((l) => l.startsWith(`| ${stage} `));
      expect(line, `table row for ${stage}`).toBeDefined();
      expect(line).toContain(workload);
    }
    // A scenario may be unavailable while its module is missing, but one that crashes has rotted.
    const failed = report.rows.filter((r) => r.figure.startsWith('failed:'));
    expect(failed.map((r) => `${r.stage}: ${r.figure}`)).toEqual([]);
  }, 180_000);
});
