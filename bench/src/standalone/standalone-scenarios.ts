// --standalone: scenarios 1 and 3 against `npm start`'s single process
// (standalone-stack.ts), measured from outside with the same load generator
// and real socket.io clients. Latency: webhooks one at a time, then a light
// open-loop rate; ingest: scenario 3's ladder and hold (ingest-ladder.ts).
// CPU per message is the one process's (PGlite runs inside it). Whether every
// acknowledged message was stored is checked once the process has stopped,
// since only one process may open its database.
import type { LoadClient } from '../load/load-client.ts';
import type { LoadPhase, LoadResult } from '../load/protocol.ts';
import type { Sizes } from '../options.ts';
import { progress } from '../progress.ts';
import { ingestCharts } from '../report/ingest-chart.ts';
import { addIntegrity, type Measurement, NO_LOSS, type ScenarioId, type ScenarioResult } from '../scenario.ts';
import { ackedNotStored } from '../scenarios/acked-not-stored.ts';
import {
  describeSteps,
  type IngestStep,
  isStep,
  judged,
  messageIdsFor,
  ms,
  P99_LIMIT_MS,
  runLadder,
  type StepProbes,
} from '../scenarios/ingest-ladder.ts';
import { describe, integrityOf, lossLine } from '../scenarios/latency.ts';
import { connectEvery, socketSpecsOf, webhookTargets } from '../scenarios/tenant-fleet.ts';
import { describeQuiet, waitForQuietCpu } from '../stack/cpu-quiet.ts';
import { cpuPerMessage, cpuSnapshot, describeCpu } from '../stack/cpu-usage.ts';
import type { SeededTenant, SeedSpec } from '../stack/seed-tenants.ts';
import type { StandaloneStack } from './standalone-stack.ts';

const CONNECT_CONCURRENCY = 25;
/** The issue's goals for the standalone process. */
const GOAL_P50_MS = 10;
const GOAL_RATE = 500;
/** One webhook every this many ms, one in flight: sequential. */
const SEQUENTIAL_EVERY_MS = 100;

export const STANDALONE_TITLES: Record<'latency' | 'ingest', { numbers: number[]; title: string; measures: string }> = {
  latency: {
    numbers: [1],
    title: 'Standalone: end-to-end latency',
    measures:
      "Telegram webhook POST due → message.created on every socket that should see it, through `npm start`'s single process on PGlite: webhooks one at a time, then a light open-loop rate",
  },
  ingest: {
    numbers: [3],
    title: 'Standalone: sustained ingest',
    measures: `Scenario 3's ladder against the single process: the rate stepped up until p99 > ${P99_LIMIT_MS} ms or a loss, the best rate held for the full duration`,
  },
};

/** The tenants the standalone run seeds before the process starts (latency's, then ingest's). */
export function standaloneSeeds(sizes: Sizes): SeedSpec[] {
  return [
    {
      name: 'slat',
      tenants: sizes.standaloneTenants,
      operatorsPerTenant: sizes.standaloneSocketsPerTenant,
      chatsPerTenant: sizes.chatsPerTenant,
    },
    { name: 'sing', tenants: sizes.standaloneIngestTenants, operatorsPerTenant: 4, chatsPerTenant: 20 },
  ];
}

type Outcome = Omit<ScenarioResult, 'id' | 'title' | 'status'>;
/** A check run on the database after the process has stopped: answered 200, yet not stored. */
type Deferred = { tenants: SeededTenant[]; result: LoadResult; apply(notStored: number): void };

export async function runStandaloneScenarios(
  stack: StandaloneStack,
  load: LoadClient,
  sizes: Sizes,
  run: (id: ScenarioId) => boolean,
): Promise<ScenarioResult[]> {
  const [latencyTenants = [], ingestTenants = []] = stack.tenants;
  const deferred: Deferred[] = [];
  const cpu = () => cpuSnapshot([stack.relay], { servers: false });
  // Each scenario's outcome is built at the end, once the database could be read for what was stored.
  const built: (() => ScenarioResult)[] = [];
  const attempt = async (id: 'latency' | 'ingest', body: () => Promise<() => Outcome>) => {
    const { title } = STANDALONE_TITLES[id];
    const base = { id, title, measurements: [], integrity: NO_LOSS, charts: [], details: {}, notes: [] };
    if (!run(id)) {
      built.push(() => ({ ...base, status: 'skipped' }));
      return;
    }
    progress(`standalone: ${title}`);
    try {
      await sleep(stack.config.push.graceMs + 500);
      const quiet = await waitForQuietCpu(stack.relay);
      const finish = await body();
      built.push(() => {
        const outcome = finish();
        return {
          ...base,
          ...outcome,
          status: 'measured',
          details: { ...outcome.details, idleCpuShareOfCore: quiet.share },
          notes: [describeQuiet(quiet, 'This scenario'), ...outcome.notes],
        };
      });
    } catch (error) {
      const message = (error as Error).stack ?? String(error);
      progress(`standalone ${id} crashed: ${message}`);
      built.push(() => ({ ...base, status: 'crashed', error: message }));
    } finally {
      await load.disconnect().catch(() => {});
    }
  };

  await attempt('latency', () => latency(stack, load, sizes, latencyTenants, cpu, deferred));
  await attempt('ingest', () => ingest(stack, load, sizes, ingestTenants, cpu, deferred));

  progress('standalone: stopping the process, then reading its database for what was answered 200');
  await stack.stopAndRead(async (sql) => {
    for (const check of deferred) check.apply(await ackedNotStored(sql, check.tenants, check.result));
  });
  return built.map((build) => build());
}

async function latency(
  stack: StandaloneStack,
  load: LoadClient,
  sizes: Sizes,
  tenants: SeededTenant[],
  cpu: () => ReturnType<typeof cpuSnapshot>,
  deferred: Deferred[],
): Promise<() => Outcome> {
  const specs = socketSpecsOf(tenants, [stack.url]);
  const connect = await connectEvery(load, specs, CONNECT_CONCURRENCY);
  progress(`standalone latency: ${connect.connected} sockets in ${connect.elapsedMs} ms`);
  const phase = (name: string, rate: number, durationMs: number, maxInFlight: number): LoadPhase => ({
    phase: name,
    targets: webhookTargets(stack.url, tenants),
    ratePerSecond: rate,
    durationMs,
    drainMs: sizes.drainMs,
    maxInFlight,
    firstMessageId: messageIdsFor(rate, durationMs),
  });
  const notStored: Record<string, number> = {};
  const phases: { result: LoadResult; cpuMsPerMessage: number }[] = [];
  const measure = async (planned: LoadPhase) => {
    // What the phase before left to the worker runs before this one, not during it: its push work comes due
    // PUSH_GRACE_MS after each message (the product's default here), and only then shows as CPU.
    await sleep(stack.config.push.graceMs + 500);
    await waitForQuietCpu(stack.relay);
    progress(`standalone latency: ${planned.phase}: ${planned.ratePerSecond} msg/s for ${planned.durationMs / 1000} s`);
    const before = cpu();
    const result = await load.load(planned);
    const per = cpuPerMessage(before, cpu(), result.messages).standalone ?? 0;
    stack.assertAlive();
    progress(
      `standalone latency: ${planned.phase}: p50/p90/p99/max ${describe(result)}; lost/dup/unexpected/failed ${lossLine(result)}; ${per.toFixed(2)} ms CPU per message`,
    );
    deferred.push({ tenants, result, apply: (n) => (notStored[result.phase] = n) });
    phases.push({ result, cpuMsPerMessage: per });
    return { result, cpuMsPerMessage: per };
  };
  const rate = sizes.standaloneRatePerSecond;
  const sequentialRate = 1000 / SEQUENTIAL_EVERY_MS;
  const warmup = await measure(phase('standalone-warmup', rate, sizes.warmupMs, sizes.maxInFlight));
  const sequential = await measure(
    phase('standalone-sequential', sequentialRate, sizes.standaloneSequential * SEQUENTIAL_EVERY_MS, 1),
  );
  const open = await measure(phase('standalone-open', rate, sizes.standaloneDurationMs, sizes.maxInFlight));

  return () => {
    const lossOf = (r: LoadResult) => integrityOf(r, notStored[r.phase] ?? 0);
    const integrity = phases.map((p) => lossOf(p.result)).reduce(addIntegrity, NO_LOSS);
    const s = sequential.result;
    const o = open.result;
    const measurements: Measurement[] = [
      {
        number: 1,
        metric: `${s.messages} webhooks one at a time (one every ${SEQUENTIAL_EVERY_MS} ms): p50 / p90 / p99 / max, all sockets have it`,
        result: describe(s),
        goal: `p50 ≤ ${GOAL_P50_MS} ms`,
        met: s.perMessage.p50 <= GOAL_P50_MS,
      },
      {
        number: 1,
        metric: 'one at a time: one socket p50 / p99 · webhook answered p50 / p99',
        result: `${ms(s.perDelivery.p50)} / ${ms(s.perDelivery.p99)} ms · ${ms(s.webhookResponse.p50)} / ${ms(s.webhookResponse.p99)} ms`,
      },
      {
        number: 1,
        metric: `${rate} msg/s open loop for ${sizes.standaloneDurationMs / 1000} s: p50 / p90 / p99 / max`,
        result: describe(o),
        goal: `p50 ≤ ${GOAL_P50_MS} ms`,
        met: o.perMessage.p50 <= GOAL_P50_MS,
      },
      {
        number: 1,
        metric: `CPU per message of the process: one at a time · at ${rate} msg/s`,
        result: `${sequential.cpuMsPerMessage.toFixed(2)} ms · ${open.cpuMsPerMessage.toFixed(2)} ms`,
      },
      {
        number: 1,
        metric: 'load',
        result: `${specs.length} sockets, ${tenants.length} tenants, one process`,
      },
      {
        number: 1,
        metric: 'lost (answered 200 but not stored included) / duplicated / unexpected / failed, every phase',
        result: `${integrity.lost} / ${integrity.duplicated} / ${integrity.unexpected} / ${integrity.failedRequests}`,
        goal: '0',
        met: Object.values(integrity).every((n) => n === 0),
      },
    ];
    return {
      measurements,
      integrity,
      charts: [],
      details: {
        connect,
        warmup: warmup.result,
        sequential: s,
        open: o,
        cpuMsPerMessage: {
          warmup: warmup.cpuMsPerMessage,
          sequential: sequential.cpuMsPerMessage,
          open: open.cpuMsPerMessage,
        },
        ackedNotStored: notStored,
      },
      notes: [
        'One process: `apps/standalone/src/index.ts` on embedded PGlite (its own scratch data directory, no DATABASE_URL, no Redis), RELAY_WEB=false and RELAY_DEMO=false, NODE_ENV=development as `npm start` (the config refuses production without DATABASE_URL). The sockets connect to its port like a browser would.',
        `One at a time: one webhook due every ${SEQUENTIAL_EVERY_MS} ms with one request in flight, so none waits for another while the process keeps up. Latency runs from each webhook's due time to the last expected socket's receipt.`,
        `The generator's own noise during the open-loop phase: scheduler lag max ${o.schedulerLagMaxMs} ms, event-loop delay p99 ${o.eventLoopDelayP99Ms} ms.`,
      ],
    };
  };
}

async function ingest(
  stack: StandaloneStack,
  load: LoadClient,
  sizes: Sizes,
  tenants: SeededTenant[],
  cpu: () => ReturnType<typeof cpuSnapshot>,
  deferred: Deferred[],
): Promise<() => Outcome> {
  const specs = socketSpecsOf(tenants, [stack.url]);
  const connect = await connectEvery(load, specs, CONNECT_CONCURRENCY);
  const probes: StepProbes = { cpu: async () => cpu(), assertAlive: () => stack.assertAlive() };
  const ladder = await runLadder(
    load,
    {
      prefix: 'standalone-ingest',
      targets: webhookTargets(stack.url, tenants),
      drainMs: sizes.drainMs,
      maxInFlight: sizes.ingestMaxInFlight,
    },
    probes,
    {
      rates: sizes.standaloneIngestRates,
      stepMs: sizes.standaloneIngestStepMs,
      holdMs: sizes.standaloneIngestHoldMs,
      warmupMs: sizes.warmupMs,
    },
  );
  ladder.results.forEach((result, i) => {
    const step = ladder.steps[i] as IngestStep;
    deferred.push({ tenants, result, apply: (n) => (step.ackedNotStored = n) });
  });

  return () => {
    const { steps, results, best, held } = ladder;
    const integrity = steps
      .map((s) => ({ ...NO_LOSS, lost: s.ackedNotStored ?? 0, duplicated: s.duplicated, unexpected: s.unexpected }))
      .reduce(addIntegrity, NO_LOSS);
    const notStored = steps.reduce((sum, s) => sum + (s.ackedNotStored ?? 0), 0);
    const heldRate = held?.passed ? held.rate : undefined;
    const lastOfLadder = steps.filter(isStep).at(-1);
    const first = lastOfLadder && !lastOfLadder.passed ? lastOfLadder : undefined;
    const lastPassing = steps.filter((s) => s.passed && isStep(s)).at(-1);
    return {
      measurements: [
        {
          number: 3,
          metric: `highest rate held for ${sizes.standaloneIngestHoldMs / 1000} s (p99 ≤ ${P99_LIMIT_MS} ms, no loss)`,
          result: heldRate ? `${heldRate} msg/s (p50 / p99 ${ms(held?.p50 ?? 0)} / ${ms(held?.p99 ?? 0)} ms)` : 'none',
          goal: `≥ ${GOAL_RATE} msg/s`,
          met: (heldRate ?? 0) >= GOAL_RATE,
        },
        { number: 3, metric: 'steps (msg/s → p99)', result: describeSteps(steps) },
        {
          number: 3,
          metric: 'CPU per message of the process (PGlite included), held · last step passed',
          result: `${held ? `${describeCpu(held.cpuMsPerMessage)} at ${held.rate} msg/s` : 'no rate held'} · ${lastPassing ? `${describeCpu(lastPassing.cpuMsPerMessage)} at ${lastPassing.rate} msg/s` : 'none passed'}`,
        },
        {
          number: 3,
          metric: 'answered 200 but not stored (read after the process stopped)',
          result: String(notStored),
          goal: '0',
          met: notStored === 0,
        },
      ],
      integrity,
      charts: ingestCharts(judged(steps), P99_LIMIT_MS).map((chart) => ({
        ...chart,
        name: `standalone-${chart.name}`,
        title: `Standalone: ${chart.title}`,
      })),
      details: { connect, bestStep: best ?? null, steps, results },
      notes: [
        `${tenants.length} tenants, ${specs.length} sockets on the one process; latency from each webhook's due time to the last expected socket, as in scenario 1. CPU per message counts the process alone (the load generator left out).`,
        first
          ? `The ladder stopped at ${first.rate} msg/s: ${first.reason}.`
          : 'Every step of the ladder passed: the harness, not the process, set the ceiling.',
        `The generator's own lag at the last step: scheduler ${results.at(-1)?.schedulerLagMaxMs ?? 0} ms at worst, event-loop delay p99 ${results.at(-1)?.eventLoopDelayP99Ms ?? 0} ms.`,
      ],
    };
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
