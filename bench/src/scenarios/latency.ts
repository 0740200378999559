// Scenarios 1 and 2, one run: operator sockets over many tenants on both
// gateway nodes; Telegram webhooks at a fixed rate through Relay (ours), then
// the same load through the floor server (no database, no validation), each
// timed from the webhook's due time to message.created on every socket that
// should see it.
import type { LoadPhase, LoadResult } from '../load/protocol.ts';
import { progress } from '../progress.ts';
import { latencyHistogramChart, throughputChart } from '../report/latency-charts.ts';
import { addIntegrity, type Integrity, type Measurement, NO_LOSS, type Scenario } from '../scenario.ts';
import { type DbWaits, describeWaits, sampleDbWaits } from '../stack/db-waits.ts';
import { type SeededTenant, seedTenants } from '../stack/seed-tenants.ts';
import { describeSettle, settle } from '../stack/settle.ts';
import { ackedNotStored } from './acked-not-stored.ts';
import { connectEvery, socketSpecsOf, webhookTargets } from './tenant-fleet.ts';

const CONNECT_CONCURRENCY = 25;
const GOAL_P50_MS = 5;
const GOAL_P99_MS = 25;
const GOAL_RATIO_P50 = 3;

/** The rooms the real pipeline sends an unassigned queue conversation's events to (packages/realtime rooms.ts). */
function roomsOf(tenant: SeededTenant): string[] {
  return [`tenant:${tenant.tenantId}:supervisors`, `tenant:${tenant.tenantId}:queue:${tenant.queueId}`];
}

/**
 * A request given up on after the sender's timeout, or shed with 503 by the API's deadline, is the server falling
 * behind (the latency says so), not a refusal: the provider would retry it. Refusals and errors count; so does a message answered 200 and not stored.
 */
export function integrityOf(result: LoadResult, notStored = 0): Integrity {
  const { lost, duplicated, unexpected, failedRequests, timedOut } = result;
  return { lost: lost + notStored, duplicated, unexpected, failedRequests: failedRequests - timedOut };
}

const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));
const ratio = (a: number, b: number) => (b > 0 ? a / b : Number.NaN);

export function describe(result: LoadResult): string {
  const { perMessage: p } = result;
  return `${ms(p.p50)} / ${ms(p.p90)} / ${ms(p.p99)} / ${ms(p.max)} ms`;
}

/** Webhooks answered 200 per second, over the seconds from the phase's start to its last answer. */
function answeredPerSecond(result: LoadResult): number {
  const last = result.timeline.reduce((at, second) => (second.answered > 0 ? second.second : at), 0);
  return result.answered / (last + 1);
}

export function lossLine(result: LoadResult): string {
  return `${result.lost} / ${result.duplicated} / ${result.unexpected} / ${result.failedRequests}`;
}

export const latencyScenario: Scenario = {
  id: 'latency',
  numbers: [1, 2],
  title: 'End-to-end latency, and the floor',
  measures:
    'Telegram webhook POST due → message.created on every socket that should see it, through Relay and through a bare emitter pipeline (the floor)',
  async run({ stack, load, sizes }) {
    progress(`latency: seeding ${sizes.tenants} tenants × ${sizes.socketsPerTenant} operators`);
    const tenants = await seedTenants(stack.sql, stack.config, {
      name: 'lat',
      tenants: sizes.tenants,
      operatorsPerTenant: sizes.socketsPerTenant,
      chatsPerTenant: sizes.chatsPerTenant,
    });
    const specs = socketSpecsOf(tenants, stack.gatewayUrls);
    progress(`latency: connecting ${specs.length} sockets over ${stack.gatewayUrls.length} gateway nodes`);
    const connect = await connectEvery(load, specs, CONNECT_CONCURRENCY);
    progress(`latency: ${connect.connected} sockets in ${connect.elapsedMs} ms`);
    const routes = Object.fromEntries(
      tenants.map((t) => [t.webhookToken, { tenantId: t.tenantId, rooms: roomsOf(t) }]),
    );
    const res = await fetch(`${stack.floorUrl}/routes`, { method: 'PUT', body: JSON.stringify(routes) });
    if (!res.ok) throw new Error(`the floor server refused its routes: ${res.status}`);

    const phase = (
      name: string,
      base: string,
      durationMs: number,
      firstMessageId: number,
      ratePerSecond = sizes.ratePerSecond,
    ): LoadPhase => ({
      phase: name,
      targets: webhookTargets(base, tenants),
      ratePerSecond,
      durationMs,
      drainMs: sizes.drainMs,
      maxInFlight: sizes.maxInFlight,
      firstMessageId,
    });
    const waits: Record<string, DbWaits> = {};
    const run = async (planned: LoadPhase) => {
      progress(`latency: ${planned.phase}: ${planned.ratePerSecond} msg/s for ${planned.durationMs / 1000} s`);
      const sampler = sampleDbWaits(stack.sql, stack.database, 'relay-api');
      const result = await load.load(planned);
      waits[planned.phase] = await sampler.stop();
      stack.assertAlive();
      progress(
        `latency: ${planned.phase}: p50/p90/p99/max ${describe(result)}; lost/dup/unexpected/failed ${lossLine(result)}`,
      );
      return result;
    };
    let phases: [LoadResult, LoadResult, LoadResult];
    let belowKnee: [LoadResult, LoadResult] | undefined;
    let settleNote: string | undefined;
    const slower = sizes.belowKneeRatePerSecond;
    try {
      // Warm-up: JIT, connection pools and the first conversation rows; counted for loss, not for latency.
      phases = [
        await run(phase('warmup', stack.apiUrl, sizes.warmupMs, 1)),
        await run(phase('ours', stack.apiUrl, sizes.durationMs, 10_000_000)),
        await run(phase('floor', stack.floorUrl, sizes.durationMs, 20_000_000)),
      ];
      // The same pair at a rate this machine sustains (scenario 3 finds its knee), where latency is the
      // pipeline's own and not a queue's.
      if (slower > 0) {
        const quiet = await settle(stack.sql);
        settleNote = describeSettle(quiet, `The ${slower} msg/s pair`);
        belowKnee = [
          await run(phase(`ours-${slower}`, stack.apiUrl, sizes.belowKneeDurationMs, 30_000_000, slower)),
          await run(phase(`floor-${slower}`, stack.floorUrl, sizes.belowKneeDurationMs, 40_000_000, slower)),
        ];
      }
    } finally {
      await load.disconnect().catch(() => {});
    }
    const [warmup, ours, floor] = phases;
    const slowerRows: Measurement[] = belowKnee
      ? [
          {
            number: 1,
            metric: `at ${slower} msg/s (below this machine's knee): p50 / p90 / p99 / max`,
            result: describe(belowKnee[0]),
            goal: `p50 ≤ ${GOAL_P50_MS}, p99 ≤ ${GOAL_P99_MS} ms`,
            met: belowKnee[0].perMessage.p50 <= GOAL_P50_MS && belowKnee[0].perMessage.p99 <= GOAL_P99_MS,
          },
          {
            number: 2,
            metric: `at ${slower} msg/s: floor p50 / p99 · ours ÷ floor at p50 / p99`,
            result: `${ms(belowKnee[1].perMessage.p50)} / ${ms(belowKnee[1].perMessage.p99)} ms · ${ratio(belowKnee[0].perMessage.p50, belowKnee[1].perMessage.p50).toFixed(1)}× / ${ratio(belowKnee[0].perMessage.p99, belowKnee[1].perMessage.p99).toFixed(1)}×`,
            goal: `≤ ${GOAL_RATIO_P50}× at p50`,
            met: ratio(belowKnee[0].perMessage.p50, belowKnee[1].perMessage.p50) <= GOAL_RATIO_P50,
          },
        ]
      : [];

    const p50Ratio = ratio(ours.perMessage.p50, floor.perMessage.p50);
    const p99Ratio = ratio(ours.perMessage.p99, floor.perMessage.p99);
    const shape = `${ours.messages} messages at ${sizes.ratePerSecond}/s to ${specs.length} sockets, ${sizes.tenants} tenants, ${stack.gatewayUrls.length} nodes`;
    return {
      measurements: [
        {
          number: 1,
          metric: 'p50 / p90 / p99 / max (all sockets have it)',
          result: describe(ours),
          goal: `p50 ≤ ${GOAL_P50_MS}, p99 ≤ ${GOAL_P99_MS} ms`,
          met: ours.perMessage.p50 <= GOAL_P50_MS && ours.perMessage.p99 <= GOAL_P99_MS,
        },
        {
          number: 1,
          metric: 'p50 / p99 per socket delivery',
          result: `${ms(ours.perDelivery.p50)} / ${ms(ours.perDelivery.p99)} ms`,
        },
        { number: 1, metric: 'load', result: shape },
        {
          number: 1,
          metric: 'requests shed with 503 or given up after 30 s (the server fell behind)',
          result: String(ours.timedOut),
          goal: '0',
          met: ours.timedOut === 0,
        },
        {
          number: 1,
          metric: 'webhooks answered per second, first to last answer',
          result: `${Math.round(answeredPerSecond(ours))} msg/s`,
        },
        {
          number: 1,
          metric: 'lost / duplicated / unexpected / failed',
          result: lossLine(ours),
          goal: '0',
          met: lossLine(ours) === '0 / 0 / 0 / 0',
        },
        { number: 2, metric: 'floor p50 / p90 / p99 / max', result: describe(floor) },
        {
          number: 2,
          metric: 'ours ÷ floor at p50 / p99',
          result: `${p50Ratio.toFixed(1)}× / ${p99Ratio.toFixed(1)}×`,
          goal: `≤ ${GOAL_RATIO_P50}× at p50`,
          met: p50Ratio <= GOAL_RATIO_P50,
        },
        {
          number: 2,
          metric: 'floor lost / duplicated / unexpected / failed',
          result: lossLine(floor),
          goal: '0',
          met: lossLine(floor) === '0 / 0 / 0 / 0',
        },
        ...slowerRows,
      ],
      integrity: [
        integrityOf(warmup, await ackedNotStored(stack.sql, tenants, warmup)),
        integrityOf(ours, await ackedNotStored(stack.sql, tenants, ours)),
        integrityOf(floor),
        ...(belowKnee
          ? [
              integrityOf(belowKnee[0], await ackedNotStored(stack.sql, tenants, belowKnee[0])),
              integrityOf(belowKnee[1]),
            ]
          : []),
      ].reduce(addIntegrity, NO_LOSS),
      charts: [latencyHistogramChart(ours, floor), throughputChart(ours, floor, sizes.ratePerSecond)],
      details: {
        connect,
        warmup,
        ours,
        floor,
        ratio: { p50: p50Ratio, p99: p99Ratio },
        belowKnee: belowKnee ? { rate: slower, ours: belowKnee[0], floor: belowKnee[1] } : null,
        apiDbWaits: waits,
      },
      notes: [
        ...(settleNote ? [settleNote] : []),
        'Latency runs from the moment each webhook was due (open loop), so a slow server shows as latency, not as a slower generator.',
        `The generator's own noise: scheduler lag max ${ours.schedulerLagMaxMs} ms, event-loop delay p99 ${ours.eventLoopDelayP99Ms} ms during "ours".`,
        `The API's database connections during "ours" (pg_stat_activity, every 250 ms, idle left out): ${describeWaits(waits.ours ?? { samples: 0, seen: {} }) || 'idle throughout'}.`,
      ],
    };
  },
};
