// Latency recording: HdrHistogram in microseconds (3 significant digits) for
// percentiles, plus fixed buckets in milliseconds for the report's chart.
import * as hdr from 'hdr-histogram-js';
import type { LatencySummary } from './protocol.ts';

/** Upper edges (ms) of the histogram chart's buckets; the last bucket holds everything above. */
export const LATENCY_BUCKETS_MS = [1, 2, 3, 4, 5, 7.5, 10, 15, 20, 25, 35, 50, 75, 100, 250, 500, 1000];

export type Histogram = hdr.Histogram;

export function newHistogram(): Histogram {
  return hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 600_000_000,
    numberOfSignificantValueDigits: 3,
  });
}

export function recordMs(histogram: Histogram, ms: number): void {
  histogram.recordValue(Math.max(1, Math.round(ms * 1000)));
}

export function bucketOf(ms: number): number {
  const index = LATENCY_BUCKETS_MS.findIndex((edge) => ms <= edge);
  return index === -1 ? LATENCY_BUCKETS_MS.length : index;
}

const toMs = (us: number) => Math.round(us) / 1000;

export function summarize(histogram: Histogram): LatencySummary {
  const count = histogram.totalCount;
  if (count === 0) return { count: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0, mean: 0 };
  return {
    count,
    p50: toMs(histogram.getValueAtPercentile(50)),
    p90: toMs(histogram.getValueAtPercentile(90)),
    p99: toMs(histogram.getValueAtPercentile(99)),
    p999: toMs(histogram.getValueAtPercentile(99.9)),
    max: toMs(histogram.maxValue),
    mean: toMs(histogram.mean),
  };
}

export function encodeHistogram(histogram: Histogram): string {
  return hdr.encodeIntoCompressedBase64(histogram);
}
