// Times one API read at a time, the way an operator's browser asks (a bearer
// token, one keep-alive connection, the whole body read): sequential, so each
// number is the request's own latency, not a queue's. HdrHistogram as in the
// other scenarios.
import { encodeHistogram, newHistogram, recordMs, summarize } from '../load/latency.ts';
import type { LatencySummary } from '../load/protocol.ts';

const WARMUP = 5;
const TIMEOUT_MS = 30_000;
/** A read that slow is measured well enough by what fits in this. */
const BUDGET_MS = 60_000;

export type Sampled = {
  summary: LatencySummary;
  /** hdr-histogram-js compressed (microseconds). */
  histogram: string;
  /** Requests not answered 200 (warm-up included). */
  failed: number;
};

/** The body when answered 200; otherwise the start of the error body, for the message. */
export async function getJson<T>(
  url: string,
  token: string,
): Promise<{ status: number; body: T | undefined; error: string }> {
  const res = await fetch(url, {
    headers: { authorization: `Bearer ${token}` },
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const text = await res.text();
  return res.ok
    ? { status: res.status, body: JSON.parse(text) as T, error: '' }
    : { status: res.status, body: undefined, error: text.slice(0, 300) };
}

/**
 * `samples` timed GETs of each URL in turn (rotating), after a few untimed ones;
 * fewer when they take longer than BUDGET_MS in all (summary.count says how many).
 */
export async function sampleGets(urls: string[], token: string, samples: number): Promise<Sampled> {
  const histogram = newHistogram();
  const budgetEnds = performance.now() + BUDGET_MS;
  let failed = 0;
  for (let i = 0; i < WARMUP + samples && (i <= WARMUP || performance.now() < budgetEnds); i++) {
    const url = urls[i % urls.length] as string;
    const started = performance.now();
    const { status } = await getJson(url, token).catch(() => ({ status: -1 }));
    const ms = performance.now() - started;
    if (status !== 200) failed++;
    else if (i >= WARMUP) recordMs(histogram, ms);
  }
  return { summary: summarize(histogram), histogram: encodeHistogram(histogram), failed };
}
