// Rendering 5,000 weekly digests: the MJML template compiled once, then filled per member.
import { count, loadModule, type Row, type Scenario, type Sizes } from '../harness.js';

const TARGET = '≥50x faster than mjml per member';
const workload = (s: Sizes): string => `${count(s.digests)} digests of ${s.callsPerDigest} calls`;

async function run(_sizes: Sizes): Promise<Row[]> {
  await loadModule('src/digest/render.js', []);
  throw new Error('render scenario not wired yet');
}

export const renderScenario: Scenario = { name: 'render', plan: [{ stage: 'render', workload, target: TARGET }], run };
