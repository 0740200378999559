// Scenario 3's charts: latency at each step of the rate ladder, and what the
// API acknowledged against what was offered.
import type { Chart } from '../scenario.ts';
import type { IngestStep } from '../scenarios/ingest-ladder.ts';
import { barChart } from './svg-charts.ts';

const label = (step: IngestStep) =>
  `${step.rate}${step.phase.includes('hold') ? ' held' : ''}${step.passed ? '' : ' ✗'}`;

export function ingestCharts(steps: IngestStep[], p99LimitMs: number): Chart[] {
  const categories = steps.map(label);
  return [
    {
      name: 'ingest-latency',
      title: 'Ingest: latency per step',
      svg: barChart({
        title: `Webhook due → on every socket, per step (limit p99 ${p99LimitMs} ms)`,
        yLabel: 'ms',
        xLabel: 'offered rate (msg/s)',
        categories,
        series: [
          { name: 'p50', color: '#93c5fd', values: steps.map((s) => s.p50) },
          { name: 'p99', color: '#2563eb', values: steps.map((s) => s.p99) },
        ],
      }),
    },
    {
      name: 'ingest-throughput',
      title: 'Ingest: acknowledged per second',
      svg: barChart({
        title: 'Webhooks offered and answered 200, per second of each step',
        yLabel: 'messages / s',
        xLabel: 'offered rate (msg/s)',
        categories,
        series: [
          { name: 'offered', color: '#9ca3af', values: steps.map((s) => s.rate) },
          { name: 'answered 200', color: '#2563eb', values: steps.map((s) => s.ackedPerSecond) },
        ],
      }),
    },
  ];
}
