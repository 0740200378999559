// The summary: one row per measurement, scenarios not run or not built yet
// as one row each. Printed as aligned text on stdout and as Markdown in the report.
import type { ScenarioResult } from '../scenario.ts';

export type Row = [number: string, scenario: string, metric: string, result: string, goal: string, met: string];

const HEADER: Row = ['#', 'Scenario', 'Metric', 'Result', 'Goal', ''];

export function summaryRows(results: ScenarioResult[], numbersOf: (r: ScenarioResult) => number[]): Row[] {
  return results.flatMap((r): Row[] => {
    const numbers = numbersOf(r).join('–');
    if (r.status === 'not_measured') return [[numbers, r.title, '', 'not yet measured', '', '']];
    if (r.status === 'skipped') return [[numbers, r.title, '', 'not run (--only)', '', '']];
    if (r.status === 'crashed') return [[numbers, r.title, '', `crashed: ${firstLine(r.error)}`, '', '✗']];
    // The scenario's title on its first row only: the table reads as groups.
    return r.measurements.map((m, i) => [
      String(m.number),
      i === 0 ? r.title : '',
      m.metric,
      m.result,
      m.goal ?? '',
      m.met === undefined ? '' : m.met ? 'met' : 'missed',
    ]);
  });
}

function firstLine(text = ''): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 100 ? `${line.slice(0, 97)}...` : line;
}

export function textTable(rows: Row[]): string {
  const all = [HEADER, ...rows];
  const widths = HEADER.map((_, c) => Math.max(...all.map((row) => (row[c] ?? '').length)));
  const line = (row: Row) =>
    row
      .map((cell, c) => cell.padEnd(widths[c] as number))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(HEADER), rule, ...rows.map(line)].join('\n');
}

export function markdownTable(rows: Row[]): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  return [
    `| ${HEADER.join(' | ')} |`,
    `|${HEADER.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ].join('\n');
}
