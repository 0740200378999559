// Owns the command line (--quick, --only) and the sizes each mode runs at:
// the sizes for a full run, a two-minute smoke for --quick (CI).
import { type ScenarioId, scenarioIds } from './scenario.ts';

export type Sizes = {
  /** Scenario 1/2: tenants, and operator sockets in each (one socket per operator). */
  tenants: number;
  socketsPerTenant: number;
  /** Telegram chats each tenant's messages rotate over (each chat is one conversation). */
  chatsPerTenant: number;
  ratePerSecond: number;
  durationMs: number;
  warmupMs: number;
  /** How long after the last send a delivery still counts; later is lost. */
  drainMs: number;
  /** Scenarios 1–2 again at a rate this machine sustains (0: not run), for latency without a queue. */
  belowKneeRatePerSecond: number;
  belowKneeDurationMs: number;
  /** Most webhook requests in flight at once (HTTP keep-alive sockets). */
  maxInFlight: number;
  /** Scenario 3: its own tenants (fewer sockets each than 1: the rate is the point, not the fan-out). */
  ingestTenants: number;
  ingestSocketsPerTenant: number;
  /** The rates tried in turn (msg/s), each for ingestStepMs, until p99 > 100 ms or a loss; the best is held ingestHoldMs. */
  ingestRates: number[];
  ingestStepMs: number;
  ingestHoldMs: number;
  ingestMaxInFlight: number;
  /** Scenario 3: one step at this fixed rate, measured whether or not it holds: the server side's CPU per message, and the floor's. */
  ingestCpuRate: number;
  ingestCpuStepMs: number;
  /** --standalone, scenario 1: tenants × operator sockets on the one process. */
  standaloneTenants: number;
  standaloneSocketsPerTenant: number;
  /** Webhooks sent one at a time (one in flight, one every 100 ms): latency with no queue at all. */
  standaloneSequential: number;
  /** Then a light open-loop rate for a while. */
  standaloneRatePerSecond: number;
  standaloneDurationMs: number;
  /** --standalone, scenario 3: its own tenants and the ladder, as ingest* above. */
  standaloneIngestTenants: number;
  standaloneIngestRates: number[];
  standaloneIngestStepMs: number;
  standaloneIngestHoldMs: number;
  /** Scenario 4: idle authenticated sockets on one fresh gateway node, over capacityTenants tenants (one per operator). */
  capacitySockets: number;
  capacityTenants: number;
  capacityConcurrency: number;
  /** How long the sockets sit idle (heartbeats, ticks) before the node is measured. */
  capacityIdleMs: number;
  /** Scenario 5: events written while the client is away, and how many reconnects are timed. */
  catchUpEvents: number;
  catchUpRepeats: number;
  catchUpRatePerSecond: number;
  /** Scenario 6: conversations bulk-loaded into one tenant (about ten messages each). */
  inboxConversations: number;
  /** Requests timed per endpoint and page, and how many pages in the deep page is. */
  inboxSamples: number;
  inboxDeepPage: number;
  /** Scenario 7: conversations left to breach a first-response target of slaTargetSeconds, created over slaSpreadMs. */
  slaConversations: number;
  slaTargetSeconds: number;
  slaSpreadMs: number;
  /** Scenario 7: webhooks over pushSpreadMs while pushDevices phones of online operators have no socket. */
  pushMessages: number;
  pushDevices: number;
  pushSpreadMs: number;
};

export const FULL: Sizes = {
  tenants: 50,
  socketsPerTenant: 20,
  chatsPerTenant: 20,
  ratePerSecond: 500,
  durationMs: 60_000,
  warmupMs: 5_000,
  drainMs: 10_000,
  belowKneeRatePerSecond: 150,
  belowKneeDurationMs: 30_000,
  maxInFlight: 256,
  ingestTenants: 50,
  ingestSocketsPerTenant: 4,
  ingestRates: [100, 200, 250, 300, 400, 500, 750, 1_000, 1_500, 2_000, 3_000, 4_000, 5_000, 6_000, 8_000],
  ingestStepMs: 10_000,
  ingestHoldMs: 60_000,
  ingestMaxInFlight: 512,
  ingestCpuRate: 1_000,
  ingestCpuStepMs: 10_000,
  standaloneTenants: 5,
  standaloneSocketsPerTenant: 20,
  standaloneSequential: 30,
  standaloneRatePerSecond: 50,
  standaloneDurationMs: 30_000,
  standaloneIngestTenants: 10,
  standaloneIngestRates: [10, 25, 50, 100, 200, 300, 400, 500, 750, 1_000, 1_500, 2_000, 3_000],
  standaloneIngestStepMs: 10_000,
  standaloneIngestHoldMs: 60_000,
  capacitySockets: 10_000,
  capacityTenants: 20,
  capacityConcurrency: 50,
  capacityIdleMs: 15_000,
  catchUpEvents: 10_000,
  catchUpRepeats: 5,
  catchUpRatePerSecond: 400,
  inboxConversations: 100_000,
  inboxSamples: 200,
  inboxDeepPage: 50,
  slaConversations: 500,
  slaTargetSeconds: 5,
  slaSpreadMs: 5_000,
  pushMessages: 100,
  pushDevices: 3,
  pushSpreadMs: 5_000,
};

export const QUICK: Sizes = {
  tenants: 5,
  socketsPerTenant: 20,
  chatsPerTenant: 10,
  ratePerSecond: 100,
  durationMs: 15_000,
  warmupMs: 2_000,
  drainMs: 5_000,
  belowKneeRatePerSecond: 0,
  belowKneeDurationMs: 0,
  maxInFlight: 64,
  ingestTenants: 5,
  ingestSocketsPerTenant: 4,
  ingestRates: [100, 200, 400],
  ingestStepMs: 4_000,
  ingestHoldMs: 8_000,
  ingestMaxInFlight: 128,
  ingestCpuRate: 400,
  ingestCpuStepMs: 4_000,
  standaloneTenants: 2,
  standaloneSocketsPerTenant: 20,
  standaloneSequential: 30,
  standaloneRatePerSecond: 50,
  standaloneDurationMs: 8_000,
  standaloneIngestTenants: 5,
  standaloneIngestRates: [10, 50, 200, 500],
  standaloneIngestStepMs: 4_000,
  standaloneIngestHoldMs: 8_000,
  capacitySockets: 1_000,
  capacityTenants: 4,
  capacityConcurrency: 50,
  capacityIdleMs: 5_000,
  catchUpEvents: 1_000,
  catchUpRepeats: 3,
  catchUpRatePerSecond: 250,
  inboxConversations: 5_000,
  inboxSamples: 30,
  inboxDeepPage: 8,
  slaConversations: 50,
  slaTargetSeconds: 2,
  slaSpreadMs: 2_000,
  pushMessages: 20,
  pushDevices: 2,
  pushSpreadMs: 2_000,
};

export type Options = {
  quick: boolean;
  /** Scenarios 1 and 3 against `npm start`'s single process (embedded PGlite) instead of the scaled stack. */
  standalone: boolean;
  only: ScenarioId[] | null;
  sizes: Sizes;
  databaseUrl: string;
  redisUrl: string;
  /** LOG_LEVEL of the Relay processes (their logs go to files, not the terminal). */
  logLevel: string;
  /** Processes to run under --cpu-prof (api, gateway-a, gateway-b, worker; standalone); profiles land beside the logs. */
  profile: string[];
};

/** Scenario numbers from the issue map onto ids; 1 and 2 are one run (the floor is measured beside ours). */
const BY_NUMBER: Record<string, ScenarioId> = {
  '1': 'latency',
  '2': 'latency',
  '3': 'ingest',
  '4': 'capacity',
  '5': 'catch-up',
  '6': 'inbox-query',
  '7': 'sla-push',
};

export class UsageError extends Error {
  override name = 'UsageError';
}

export const USAGE = `usage: npm run bench [-- --quick] [-- --standalone] [-- --only <scenario,...>]
  --quick          two-minute smoke (small sizes); CI runs it
  --standalone     scenarios 1 and 3 against npm start's single process on embedded PGlite
                   (a scratch data directory; no PostgreSQL server or Redis needed)
  --only <list>    run only these scenarios: ${scenarioIds.join(', ')} (or their numbers 1-7)
  --log-level <l>  LOG_LEVEL of the Relay processes (default warn; logs go to files)
  --profile <list> run these under node --cpu-prof: api, gateway-a, gateway-b, worker
                   (with --standalone: standalone); the .cpuprofile files are written
                   beside the logs when the run ends
env: DATABASE_URL (a PostgreSQL server; a scratch database is created and dropped), REDIS_URL`;

export function parseOptions(argv: string[], env: Record<string, string | undefined>): Options {
  let quick = false;
  let standalone = false;
  let only: ScenarioId[] | null = null;
  let logLevel = 'warn';
  let profile: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [name, inline] = arg.split('=', 2) as [string, string | undefined];
    const value = () => {
      const given = inline ?? argv[++i];
      if (!given) throw new UsageError(`${name} needs a value`);
      return given;
    };
    if (name === '--quick') quick = true;
    else if (name === '--standalone') standalone = true;
    else if (name === '--only') only = parseOnly(value());
    else if (name === '--log-level') logLevel = value();
    else if (name === '--profile') profile = parseProfile(value());
    else if (name === '--help' || name === '-h') throw new UsageError('');
    else throw new UsageError(`unknown argument ${arg}`);
  }
  if (standalone && only?.some((id) => !STANDALONE_SCENARIOS.includes(id))) {
    throw new UsageError(`--standalone runs only ${STANDALONE_SCENARIOS.join(' and ')} (1 and 3)`);
  }
  const profilable = standalone ? ['standalone'] : PROFILABLE;
  const stray = profile.find((name) => !profilable.includes(name));
  if (stray)
    throw new UsageError(
      `--profile ${stray}: ${standalone ? '--standalone' : 'the scaled stack'} has ${profilable.join(', ')}`,
    );
  return {
    quick,
    standalone,
    only,
    sizes: quick ? QUICK : FULL,
    databaseUrl: env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
    redisUrl: env.REDIS_URL || 'redis://127.0.0.1:6379',
    logLevel,
    profile,
  };
}

/** What --standalone runs (scenario 2's floor, 4's gateway node and the rest need the scaled stack). */
export const STANDALONE_SCENARIOS: ScenarioId[] = ['latency', 'ingest'];

const PROFILABLE = ['api', 'gateway-a', 'gateway-b', 'worker'];
const PROFILABLE_ANY = [...PROFILABLE, 'standalone'];

function parseProfile(list: string): string[] {
  const names = list
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  const unknown = names.find((name) => !PROFILABLE_ANY.includes(name));
  if (unknown || names.length === 0) throw new UsageError(`--profile takes some of ${PROFILABLE_ANY.join(', ')}`);
  return names;
}

function parseOnly(list: string): ScenarioId[] {
  const ids = list
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item) => {
      const id = BY_NUMBER[item] ?? item;
      if (!(scenarioIds as readonly string[]).includes(id)) throw new UsageError(`unknown scenario "${item}"`);
      return id as ScenarioId;
    });
  if (ids.length === 0) throw new UsageError('--only needs at least one scenario');
  return [...new Set(ids)];
}
