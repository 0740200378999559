// Owns what a run leaves behind in bench/results/: <name>.json (every number,
// histograms included), <name>.md (the readable report) and the charts as
// <name>-<chart>.svg beside them. Quick runs carry a -quick suffix (and are
// git-ignored); full runs are meant to be committed.

import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import type { Sizes } from '../options.ts';
import type { Integrity, ScenarioResult } from '../scenario.ts';
import { markdownTable, type Row } from './summary-table.ts';

export type RunReport = {
  name: string;
  mode: 'quick' | 'full';
  /** scaled: the API, gateways, worker, PostgreSQL and Redis as separate processes; standalone: `npm start`'s one process. */
  shape: 'scaled' | 'standalone';
  startedAt: string;
  finishedAt: string;
  /** False when anything was lost, duplicated, leaked or failed, or a scenario crashed. */
  passed: boolean;
  integrity: Integrity;
  sizes: Sizes;
  machine: Record<string, unknown>;
  summary: Row[];
  scenarios: (ScenarioResult & { numbers: number[]; measures: string })[];
};

/** YYYY-MM-DD-HHmm in UTC (then -standalone, -quick), so names sort and never depend on where the run happened. */
export function runName(at: Date, quick: boolean, standalone = false): string {
  const iso = at.toISOString();
  return `${iso.slice(0, 10)}-${iso.slice(11, 13)}${iso.slice(14, 16)}${standalone ? '-standalone' : ''}${quick ? '-quick' : ''}`;
}

export function machineInfo(): Record<string, unknown> {
  const cpu = cpus();
  return {
    cpus: cpu.length,
    cpuModel: cpu[0]?.model ?? 'unknown',
    memoryGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    freeMemoryGb: Math.round((freemem() / 2 ** 30) * 10) / 10,
    loadAverage: loadavg().map((n) => Math.round(n * 100) / 100),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

export async function writeRunReport(dir: string, report: RunReport): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  const chartFile = (chart: string) => `${report.name}-${chart}.svg`;
  for (const scenario of report.scenarios) {
    for (const chart of scenario.charts) {
      const file = join(dir, chartFile(chart.name));
      await writeFile(file, chart.svg);
      written.push(file);
    }
  }
  const json = {
    ...report,
    scenarios: report.scenarios.map((s) => ({ ...s, charts: s.charts.map((c) => chartFile(c.name)) })),
  };
  const jsonFile = join(dir, `${report.name}.json`);
  await writeFile(jsonFile, `${JSON.stringify(json, null, 2)}\n`);
  const mdFile = join(dir, `${report.name}.md`);
  await writeFile(mdFile, markdown(report, chartFile));
  return [jsonFile, mdFile, ...written];
}

function markdown(report: RunReport, chartFile: (name: string) => string): string {
  const { machine, sizes } = report;
  const standalone = report.shape === 'standalone';
  const out: string[] = [
    `# Relay benchmark ${report.name}${standalone ? ': standalone' : ''}`,
    '',
    `${report.mode === 'quick' ? 'Quick smoke run (`--quick`): small sizes, numbers are indicative only.' : 'Full run.'} ` +
      `Started ${report.startedAt}, finished ${report.finishedAt}.`,
    '',
    `Machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb} GB, ${machine.platform}, Node ${machine.node}, ` +
      `load average at start ${(machine.loadAverage as number[]).join(' / ')}. ` +
      (standalone
        ? "Everything (`npm start`'s single process with its embedded PGlite, and the load generator) ran on this one machine."
        : 'Everything (PostgreSQL, Redis, the API, two gateway nodes, the worker, the floor server and the load generator) ran on this one machine.'),
    '',
    `**Integrity: ${report.passed ? 'passed' : 'FAILED'}** — lost ${report.integrity.lost}, duplicated ` +
      `${report.integrity.duplicated}, unexpected ${report.integrity.unexpected}, failed requests ` +
      `${report.integrity.failedRequests}. Goals are reported, not enforced.`,
    '',
    '## Summary',
    '',
    markdownTable(report.summary),
    '',
    standalone
      ? `Sizes: ${sizes.standaloneTenants} tenants × ${sizes.standaloneSocketsPerTenant} sockets; ${sizes.standaloneSequential} webhooks ` +
        `one at a time, then ${sizes.standaloneRatePerSecond} msg/s for ${sizes.standaloneDurationMs / 1000} s (after a ` +
        `${sizes.warmupMs / 1000} s warm-up); ingest over ${sizes.standaloneIngestTenants} tenants × 4 sockets at ` +
        `${sizes.standaloneIngestRates.join(', ')} msg/s, ${sizes.standaloneIngestStepMs / 1000} s a step, held ${sizes.standaloneIngestHoldMs / 1000} s.`
      : `Sizes: ${sizes.tenants} tenants × ${sizes.socketsPerTenant} sockets, ${sizes.ratePerSecond} msg/s for ` +
        `${sizes.durationMs / 1000} s (after a ${sizes.warmupMs / 1000} s warm-up), deliveries counted up to ` +
        `${sizes.drainMs / 1000} s after the last send; catch-up of ${sizes.catchUpEvents} events × ${sizes.catchUpRepeats} reconnects.`,
    '',
  ];
  for (const s of report.scenarios) {
    out.push(`## ${s.numbers.join('–')}. ${s.title}`, '', `Measures: ${s.measures}.`, '');
    if (s.status === 'not_measured' || s.status === 'skipped') {
      out.push(s.status === 'skipped' ? 'Not run (left out by `--only`).' : 'Not yet measured.', '');
      continue;
    }
    if (s.status === 'crashed') {
      out.push('**Crashed:**', '', '```', s.error ?? '', '```', '');
      continue;
    }
    out.push('| Metric | Result | Goal |', '|---|---|---|');
    for (const m of s.measurements) {
      const verdict = m.met === undefined ? '' : m.met ? ' (met)' : ' (missed)';
      out.push(`| ${m.metric} | ${m.result} | ${m.goal ?? ''}${verdict} |`);
    }
    out.push('');
    for (const chart of s.charts) out.push(`![${chart.title}](${chartFile(chart.name)})`, '');
    for (const note of s.notes) out.push(`- ${note}`);
    if (s.notes.length) out.push('');
    out.push(...phaseTable(s.details));
  }
  out.push('See bench/README.md for what each number means.', '');
  return out.join('\n');
}

const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));

/** Per-phase detail of a load scenario, when its details hold LoadResults. */
function phaseTable(details: Record<string, unknown>): string[] {
  type Phase = {
    phase: string;
    messages: number;
    expectedDeliveries: number;
    perMessage: { p50: number; p99: number; max: number };
    perDelivery: { p50: number; p99: number };
    webhookResponse: { p50: number; p99: number };
    serverTiming?: Record<string, { p50: number; p99: number }>;
    lost: number;
    duplicated: number;
  };
  const phases = Object.values(details).filter(
    (v): v is Phase => typeof v === 'object' && v !== null && 'perMessage' in v && 'phase' in v,
  );
  if (phases.length === 0) return [];
  return [
    '| Phase | Messages | Deliveries | All sockets p50 / p99 / max | One socket p50 / p99 | Webhook answer p50 / p99 | Lost | Dup |',
    '|---|---|---|---|---|---|---|---|',
    ...phases.map(
      (p) =>
        `| ${p.phase} | ${p.messages} | ${p.expectedDeliveries} | ${ms(p.perMessage.p50)} / ${ms(p.perMessage.p99)} / ${ms(p.perMessage.max)} ms ` +
        `| ${ms(p.perDelivery.p50)} / ${ms(p.perDelivery.p99)} ms | ${ms(p.webhookResponse.p50)} / ${ms(p.webhookResponse.p99)} ms | ${p.lost} | ${p.duplicated} |`,
    ),
    '',
    ...serverTimingTable(phases),
  ];
}

/** Where the answered webhooks' time went (the API's Server-Timing), p50 / p99 of each part. */
function serverTimingTable(phases: { phase: string; serverTiming?: Record<string, { p50: number; p99: number }> }[]) {
  const timed = phases.filter((p) => p.serverTiming);
  if (timed.length === 0) return [];
  const part = (p: (typeof timed)[number], stage: string, unit = ' ms') => {
    const s = p.serverTiming?.[stage];
    return s ? `${ms(s.p50)} / ${ms(s.p99)}${unit}` : '';
  };
  return [
    "Where a webhook answer's time went, p50 / p99 of each part (the API's Server-Timing: read = body, signature and parse; " +
      "queue = waiting for its batch; db = the batch's transaction to its commit; publish = its events to Redis; " +
      "other = the rest of the answer's latency: the generator's lag, HTTP both ways, event loops). Percentiles of parts do not add up to the answer's.",
    '',
    '| Phase | read | queue | db | publish | other | batch (deliveries) |',
    '|---|---|---|---|---|---|---|',
    ...timed.map(
      (p) =>
        `| ${p.phase} | ${part(p, 'read')} | ${part(p, 'queue')} | ${part(p, 'db')} | ${part(p, 'publish')} | ${part(p, 'other')} | ${part(p, 'batch', '')} |`,
    ),
    '',
  ];
}
