// The one table the bench prints: Markdown, so it can be pasted as is into the README and bench/RESULTS.md.
import type { MachineInfo, Row } from './harness.js';

export const COLUMNS = ['stage', 'workload', 'figure', 'baseline', 'ratio', 'target', 'met?'] as const;

function metCell(met: boolean | null): string {
  if (met === null) return '—';
  return met ? 'yes' : 'no';
}

function cells(row: Row): string[] {
  return [row.stage, row.workload, row.figure, row.baseline, row.ratio, row.target, metCell(row.met)];
}

function escapeCell(value: string): string {
  return value.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** Pads every column to its widest cell so the table also reads well in a terminal. */
export function formatTable(rows: readonly Row[]): string {
  const grid = [[...COLUMNS], ...rows.map((row) => cells(row).map(escapeCell))];
  const widths = COLUMNS.map((_, c) => Math.max(...grid.map((line) => [...line[c]!].length)));
  const line = (values: string[]): string => `| ${values.map((v, c) => v + ' '.repeat(widths[c]! - [...v].length)).join(' | ')} |`;
  const rule = `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`;
  return [line(grid[0]!), rule, ...grid.slice(1).map(line)].join('\n');
}

export function formatHeader(machine: MachineInfo, quick: boolean): string {
  return [
    `fundwatch benchmarks${quick ? ' (--quick: a tenth of the size)' : ''}`,
    `date: ${machine.date}`,
    `node: ${machine.node} (${machine.platform})`,
    `cpu: ${machine.cpu}, ${machine.cores} cores`,
  ].join('\n');
}

export function formatNotes(rows: readonly Row[]): string {
  const notes = rows.flatMap((row) => (row.notes ?? []).map((note) => `- ${row.stage}: ${note}`));
  return notes.length > 0 ? `Notes:\n${notes.join('\n')}` : '';
}

export function formatReport(machine: MachineInfo, quick: boolean, rows: readonly Row[]): string {
  return [formatHeader(machine, quick), '', formatTable(rows), '', formatNotes(rows)].join('\n').trimEnd() + '\n';
}
