// The latency scenario's charts: where the messages' latencies fall (ours
// beside the floor), and throughput second by second.
import { LATENCY_BUCKETS_MS } from '../load/latency.ts';
import type { LoadResult } from '../load/protocol.ts';
import type { Chart } from '../scenario.ts';
import { barChart, lineChart } from './svg-charts.ts';

const OURS = '#2563eb';
const FLOOR = '#9ca3af';

function bucketLabels(): string[] {
  const labels = LATENCY_BUCKETS_MS.map((edge, i) => `${i === 0 ? 0 : LATENCY_BUCKETS_MS[i - 1]}–${edge}`);
  labels.push(`> ${LATENCY_BUCKETS_MS.at(-1)}`);
  return labels;
}

const percentages = (counts: number[]) => {
  const total = counts.reduce((a, b) => a + b, 0) || 1;
  return counts.map((count) => (count / total) * 100);
};

export function latencyHistogramChart(ours: LoadResult, floor: LoadResult): Chart {
  return {
    name: 'latency-histogram',
    title: 'Latency histogram',
    svg: barChart({
      title: 'Webhook due → message.created on every socket that should see it',
      yLabel: '% of messages',
      xLabel: 'latency (ms)',
      categories: bucketLabels(),
      series: [
        { name: 'Relay', color: OURS, values: percentages(ours.perMessageBuckets) },
        { name: 'floor (emitter only)', color: FLOOR, values: percentages(floor.perMessageBuckets) },
      ],
    }),
  };
}

export function throughputChart(ours: LoadResult, floor: LoadResult, rate: number): Chart {
  const seconds = Math.max(ours.timeline.length, floor.timeline.length);
  return {
    name: 'throughput',
    title: 'Throughput over time',
    svg: lineChart({
      title: 'Messages per second',
      yLabel: 'messages / s',
      xLabel: 'seconds since the phase began',
      series: [
        {
          name: 'target rate',
          color: '#111827',
          dashed: true,
          points: [
            [0, rate],
            [seconds, rate],
          ],
        },
        {
          name: 'Relay: webhooks answered',
          color: '#93c5fd',
          points: ours.timeline.map((s) => [s.second, s.answered]),
        },
        { name: 'Relay: delivered to all', color: OURS, points: ours.timeline.map((s) => [s.second, s.completed]) },
        { name: 'floor: delivered to all', color: FLOOR, points: floor.timeline.map((s) => [s.second, s.completed]) },
      ],
    }),
  };
}
