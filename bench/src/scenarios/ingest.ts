// Scenario 3: sustained ingest. Telegram webhooks over many tenants at a
// rate stepped up until a step misses (p99 > 100 ms, or a delivery lost or a
// request refused); the best rate that passed is then held for the full
// duration. Every message answered 200 must be in the database afterwards,
// whatever the step: acknowledging before commit would show up here as loss.

import type { LoadPhase, LoadResult } from '../load/protocol.ts';
import { progress } from '../progress.ts';
import { ingestCharts } from '../report/ingest-chart.ts';
import { addIntegrity, type Integrity, type Measurement, NO_LOSS, type Scenario } from '../scenario.ts';
import { cpuPerMessage, cpuSnapshot, describeCpu } from '../stack/cpu-usage.ts';
import { type DbWaits, describeWaits, sampleDbWaits } from '../stack/db-waits.ts';
import { seedTenants } from '../stack/seed-tenants.ts';
import { ackedNotStored } from './acked-not-stored.ts';
import { connectEvery, socketSpecsOf, webhookTargets } from './tenant-fleet.ts';

const CONNECT_CONCURRENCY = 25;
const P99_LIMIT_MS = 100;
const GOAL_RATE = 5_000;

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
  /** Answered 200 yet not in the messages table. */
  ackedNotStored: number;
  /** CPU ms per message of each process over the step (drain included), see cpu-usage.ts. */
  cpuMsPerMessage: Record<string, number>;
  passed: boolean;
  /** Why it did not pass. */
  reason?: string;
};

let firstMessageId = 30_000_000;

function verdict(result: LoadResult): string | undefined {
  if (result.failedRequests > 0) return `${result.failedRequests} requests not answered 200`;
  if (result.lost > 0) return `${result.lost} deliveries lost`;
  if (result.duplicated + result.unexpected > 0) return 'duplicated or unexpected deliveries';
  if (result.perMessage.p99 > P99_LIMIT_MS) return `p99 ${result.perMessage.p99} ms > ${P99_LIMIT_MS} ms`;
  return undefined;
}

/** The steps and holds, without the warm-up. */
const judged = (steps: IngestStep[]) => steps.filter((s) => s.phase !== 'ingest-warmup');

const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));

export const ingestScenario: Scenario = {
  id: 'ingest',
  numbers: [3],
  title: 'Sustained ingest',
  measures: `Telegram webhooks over many tenants, the rate stepped up until p99 > ${P99_LIMIT_MS} ms or a loss; the best rate held for the full duration`,
  async run({ stack, load, sizes }) {
    progress(`ingest: seeding ${sizes.ingestTenants} tenants × ${sizes.ingestSocketsPerTenant} operators`);
    const tenants = await seedTenants(stack.sql, stack.config, {
      name: 'ing',
      tenants: sizes.ingestTenants,
      operatorsPerTenant: sizes.ingestSocketsPerTenant,
      chatsPerTenant: 20,
    });
    const specs = socketSpecsOf(tenants, stack.gatewayUrls);
    const connect = await connectEvery(load, specs, CONNECT_CONCURRENCY);
    const steps: IngestStep[] = [];
    const results: LoadResult[] = [];
    const waits: Record<string, DbWaits> = {};
    const step = async (name: string, rate: number, durationMs: number): Promise<IngestStep> => {
      const phase: LoadPhase = {
        phase: name,
        targets: webhookTargets(stack.apiUrl, tenants),
        ratePerSecond: rate,
        durationMs,
        drainMs: sizes.drainMs,
        maxInFlight: sizes.ingestMaxInFlight,
        firstMessageId,
      };
      firstMessageId += Math.ceil((rate * durationMs) / 1000) + 1;
      progress(`ingest: ${name}: ${rate} msg/s for ${durationMs / 1000} s`);
      const sampler = sampleDbWaits(stack.sql, stack.database, 'relay-api');
      const cpuBefore = cpuSnapshot(stack.processes.children);
      const result = await load.load(phase);
      const cpu = cpuPerMessage(cpuBefore, cpuSnapshot(stack.processes.children), result.messages);
      waits[name] = await sampler.stop();
      stack.assertAlive();
      results.push(result);
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
        ackedNotStored: await ackedNotStored(stack.sql, tenants, result),
        cpuMsPerMessage: cpu,
        passed: reason === undefined,
        ...(reason ? { reason } : {}),
      };
      steps.push(row);
      progress(
        `ingest: ${name}: p50/p99/max ${ms(row.p50)} / ${ms(row.p99)} / ${ms(row.max)} ms, ${row.ackedPerSecond} acked/s; ${reason ?? 'passed'}`,
      );
      return row;
    };

    let best: number | undefined;
    let held: IngestStep | undefined;
    try {
      // Warm-up (JIT, pools, the conversations' first rows): judged for loss only, not for latency.
      await step('ingest-warmup', sizes.ingestRates[0] as number, sizes.warmupMs);
      for (const rate of sizes.ingestRates) {
        // A step that misses gets a second try: one GC pause or autovacuum should not end the ladder.
        let row = await step(`ingest-step-${rate}`, rate, sizes.ingestStepMs);
        if (!row.passed) row = await step(`ingest-step-${rate}-again`, rate, sizes.ingestStepMs);
        if (!row.passed) break;
        best = rate;
      }
      // The best step held only for a step's length; hold it for the full duration, stepping back
      // (at most twice) while it cannot stay there.
      const passing = steps.filter((s) => s.passed && s.phase.startsWith('ingest-step')).map((s) => s.rate);
      for (const rate of passing.slice(-3).reverse()) {
        held = await step(`ingest-hold-${rate}`, rate, sizes.ingestHoldMs);
        if (held.passed) break;
      }
    } finally {
      await load.disconnect().catch(() => {});
    }

    // Loss that counts against the run: anything acknowledged and not stored, and any
    // duplicate or leak. Deliveries lost or requests refused in a step past the
    // knee are what ends the ladder, and are reported in the table instead.
    const integrity: Integrity = steps
      .map(
        (s): Integrity => ({ ...NO_LOSS, lost: s.ackedNotStored, duplicated: s.duplicated, unexpected: s.unexpected }),
      )
      .reduce(addIntegrity, NO_LOSS);
    const heldRate = held?.passed ? held.rate : undefined;
    const measurements: Measurement[] = [
      {
        number: 3,
        metric: `highest rate held for ${sizes.ingestHoldMs / 1000} s (p99 ≤ ${P99_LIMIT_MS} ms, no loss)`,
        result: heldRate ? `${heldRate} msg/s (p50 / p99 ${ms(held?.p50 ?? 0)} / ${ms(held?.p99 ?? 0)} ms)` : 'none',
        goal: `≥ ${GOAL_RATE} msg/s`,
        met: (heldRate ?? 0) >= GOAL_RATE,
      },
      {
        number: 3,
        metric: 'steps (msg/s → p99)',
        result: judged(steps)
          .map((s) => `${s.rate}${s.phase.includes('hold') ? ' held' : ''} → ${ms(s.p99)} ms${s.passed ? '' : ' ✗'}`)
          .join(', '),
      },
      {
        number: 3,
        metric: `CPU per message at ${held?.rate ?? 0} msg/s, all processes`,
        result: held ? describeCpu(held.cpuMsPerMessage) : 'no rate held',
      },
      {
        number: 3,
        metric: 'answered 200 but not stored',
        result: String(steps.reduce((sum, s) => sum + s.ackedNotStored, 0)),
        goal: '0',
        met: steps.every((s) => s.ackedNotStored === 0),
      },
    ];
    // The step that ended the ladder, if one did.
    const lastOfLadder = steps.filter((s) => s.phase.startsWith('ingest-step')).at(-1);
    const first = lastOfLadder && !lastOfLadder.passed ? lastOfLadder : undefined;
    return {
      measurements,
      integrity,
      charts: ingestCharts(judged(steps), P99_LIMIT_MS),
      details: { connect, bestStep: best ?? null, steps, results, apiDbWaits: waits },
      notes: [
        `${tenants.length} tenants, ${specs.length} sockets over ${stack.gatewayUrls.length} gateway nodes; each message's latency runs from its due time to the last expected socket's receipt, as in scenario 1.`,
        first
          ? `The ladder stopped at ${first.rate} msg/s: ${first.reason}.`
          : 'Every step of the ladder passed: the harness, not the server, set the ceiling.',
        `The API's database connections at the first step that missed (pg_stat_activity every 250 ms, idle left out): ${first ? describeWaits(waits[first.phase] ?? { samples: 0, seen: {} }) || 'idle throughout' : 'none missed'}.`,
        `The generator's own lag at the last step: scheduler ${results.at(-1)?.schedulerLagMaxMs ?? 0} ms at worst, event-loop delay p99 ${results.at(-1)?.eventLoopDelayP99Ms ?? 0} ms.`,
      ],
    };
  },
};
