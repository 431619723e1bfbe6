// Sending 5,000 digests to a local SMTP server: the project's pooled transport against one plain connection.
import { count, loadModule, type Row, type Scenario, type Sizes } from '../harness.js';

const TARGET = 'pooled ≥2x single connection';
const workload = (s: Sizes): string => `${count(s.sends)} digests to a local SMTP server`;

async function run(_sizes: Sizes): Promise<Row[]> {
  await loadModule('src/digest/mailer.js', []);
  throw new Error('send scenario not wired yet');
}

export const sendScenario: Scenario = { name: 'send', plan: [{ stage: 'send', workload, target: TARGET }], run };
