// Scenario 3's procedure, shared by the scaled stack and the standalone
// process (--standalone): a warm-up, then each rate of the ladder for a step
// until one misses twice (p99 > 100 ms, a delivery lost, a request not
// answered 200), then the best passing rate held for the full duration,
// stepping back at most twice while it cannot hold. What differs between the
// two shapes (which processes' CPU counts, whether the database can be read
// during the run) comes in as functions.
import type { LoadClient } from '../load/load-client.ts';
import type { LoadPhase, LoadResult, WebhookTarget } from '../load/protocol.ts';
import { progress } from '../progress.ts';
import { type CpuSnapshot, cpuPerMessage } from '../stack/cpu-usage.ts';

export const P99_LIMIT_MS = 100;

export type IngestStep = {
  phase: string;
  rate: number;
  durationMs: number;
  /** Webhooks answered 200 per second of the step's duration. */
  ackedPerSecond: number;
  p50: number;
  p99: number;
  max: number;
  lost: number;
  failedRequests: number;
  duplicated: number;
  unexpected: number;
  /** Answered 200 yet not in the messages table (null: checked after the run, see the standalone mode). */
  ackedNotStored: number | null;
  /** CPU ms per message of each process over the step (drain included), see cpu-usage.ts. */
  cpuMsPerMessage: Record<string, number>;
  passed: boolean;
  /** Why it did not pass. */
  reason?: string;
};

export type StepShape = {
  /** Phase names start with it ("ingest", "standalone-ingest"). */
  prefix: string;
  targets: WebhookTarget[];
  drainMs: number;
  maxInFlight: number;
};

export type StepProbes = {
  /** A CPU snapshot of the processes that count (taken before and after each step). */
  cpu(): Promise<CpuSnapshot>;
  /** Anything measured around the step (database waits), started before it and stopped after. */
  around?(phase: string): { stop(): Promise<void> };
  /** Answered 200 and not stored; absent when the database cannot be read during the run. */
  ackedNotStored?(result: LoadResult): Promise<number>;
  /** Throws when a process of the stack has died. */
  assertAlive(): void;
};

let nextMessageId = 30_000_000;

/** Telegram message ids for a phase of this many messages (unique per chat across phases). */
export function messageIdsFor(rate: number, durationMs: number): number {
  const first = nextMessageId;
  nextMessageId += Math.ceil((rate * durationMs) / 1000) + 1;
  return first;
}

function verdict(result: LoadResult): string | undefined {
  if (result.failedRequests > 0) return `${result.failedRequests} requests not answered 200`;
  if (result.lost > 0) return `${result.lost} deliveries lost`;
  if (result.duplicated + result.unexpected > 0) return 'duplicated or unexpected deliveries';
  if (result.perMessage.p99 > P99_LIMIT_MS) return `p99 ${result.perMessage.p99} ms > ${P99_LIMIT_MS} ms`;
  return undefined;
}

export const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));

/** One step at a fixed rate, measured (latency, CPU, loss) whether or not it passes. */
export async function runStep(
  load: LoadClient,
  shape: StepShape,
  probes: StepProbes,
  name: string,
  rate: number,
  durationMs: number,
): Promise<{ row: IngestStep; result: LoadResult }> {
  const phase: LoadPhase = {
    phase: name,
    targets: shape.targets,
    ratePerSecond: rate,
    durationMs,
    drainMs: shape.drainMs,
    maxInFlight: shape.maxInFlight,
    firstMessageId: messageIdsFor(rate, durationMs),
  };
  progress(`${shape.prefix}: ${name}: ${rate} msg/s for ${durationMs / 1000} s`);
  const around = probes.around?.(name);
  const cpuBefore = await probes.cpu();
  const result = await load.load(phase);
  const cpu = cpuPerMessage(cpuBefore, await probes.cpu(), result.messages);
  await around?.stop();
  probes.assertAlive();
  const reason = verdict(result);
  const row: IngestStep = {
    phase: name,
    rate,
    durationMs,
    ackedPerSecond: Math.round((result.answered * 1000) / durationMs),
    p50: result.perMessage.p50,
    p99: result.perMessage.p99,
    max: result.perMessage.max,
    lost: result.lost,
    failedRequests: result.failedRequests,
    duplicated: result.duplicated,
    unexpected: result.unexpected,
    ackedNotStored: probes.ackedNotStored ? await probes.ackedNotStored(result) : null,
    cpuMsPerMessage: cpu,
    passed: reason === undefined,
    ...(reason ? { reason } : {}),
  };
  progress(
    `${shape.prefix}: ${name}: p50/p99/max ${ms(row.p50)} / ${ms(row.p99)} / ${ms(row.max)} ms, ${row.ackedPerSecond} acked/s; ${reason ?? 'passed'}`,
  );
  return { row, result };
}

export type LadderSizes = { rates: number[]; stepMs: number; holdMs: number; warmupMs: number };

export type Ladder = {
  steps: IngestStep[];
  results: LoadResult[];
  /** The best rate of the ladder that passed. */
  best: number | undefined;
  /** The last hold tried (passed or not). */
  held: IngestStep | undefined;
};

export async function runLadder(
  load: LoadClient,
  shape: StepShape,
  probes: StepProbes,
  sizes: LadderSizes,
): Promise<Ladder> {
  const steps: IngestStep[] = [];
  const results: LoadResult[] = [];
  const step = async (name: string, rate: number, durationMs: number) => {
    const { row, result } = await runStep(load, shape, probes, `${shape.prefix}-${name}`, rate, durationMs);
    steps.push(row);
    results.push(result);
    return row;
  };
  // Warm-up (JIT, pools, the conversations' first rows): judged for loss only, not for latency.
  await step('warmup', sizes.rates[0] as number, sizes.warmupMs);
  let best: number | undefined;
  for (const rate of sizes.rates) {
    // A step that misses gets a second try: one GC pause or autovacuum should not end the ladder.
    let row = await step(`step-${rate}`, rate, sizes.stepMs);
    if (!row.passed) row = await step(`step-${rate}-again`, rate, sizes.stepMs);
    if (!row.passed) break;
    best = rate;
  }
  // The best step held only for a step's length; hold it for the full duration, stepping back
  // (at most twice) while it cannot stay there.
  let held: IngestStep | undefined;
  const passing = steps.filter((s) => s.passed && isStep(s)).map((s) => s.rate);
  for (const rate of passing.slice(-3).reverse()) {
    held = await step(`hold-${rate}`, rate, sizes.holdMs);
    if (held.passed) break;
  }
  return { steps, results, best, held };
}

export const isStep = (s: IngestStep) => /-step-\d/.test(s.phase);
export const isHold = (s: IngestStep) => /-hold-\d/.test(s.phase);
/** The steps and holds, without the warm-up. */
export const judged = (steps: IngestStep[]) => steps.filter((s) => isStep(s) || isHold(s));
/** "100 → 12 ms, 200 → 40 ms ✗, 100 held → 9 ms". */
export const describeSteps = (steps: IngestStep[]) =>
  judged(steps)
    .map((s) => `${s.rate}${isHold(s) ? ' held' : ''} → ${ms(s.p99)} ms${s.passed ? '' : ' ✗'}`)
    .join(', ');
