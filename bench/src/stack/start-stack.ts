// Owns the scaled shape on this machine: a scratch database on the
// PostgreSQL server (migrated, dropped at the end), the API, two gateway
// nodes and the worker as separate processes over one Redis, plus the floor
// server (scenario 2) and a local FCM the worker pushes to. Everything
// started here is stopped by stop(), which is safe to call from a signal
// handler at any point of start-up.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Config, loadConfig } from '@relay/config';
import { createDb, migrate, type Sql } from '@relay/db';
import { createServerScratchDatabase, type ScratchDatabase } from '@relay/db/scratch';
import { Redis } from 'ioredis';
import { repoPath } from '../paths.ts';
import { progress } from '../progress.ts';
import { freePorts } from './free-port.ts';
import { type Child, createProcessGroup, type ProcessGroup } from './processes.ts';
import { BENCH_PUSH_GRACE_MS, type PushStandIn, startPushStandIn } from './push-stand-in.ts';
import { httpOk, waitFor } from './wait-for.ts';

const READY_TIMEOUT_MS = 120_000;

export type Stack = {
  apiUrl: string;
  gatewayUrls: string[];
  floorUrl: string;
  /** A pool on the scratch database as its owner (no RLS): seeding and checks. */
  sql: Sql;
  /** The scratch database's name (pg_stat_activity's datname). */
  database: string;
  /** The config every Relay process runs with (tokens are minted with its secret). */
  config: Config;
  /** The environment it was read from, for a scenario that starts a process of its own (scenario 4). */
  appEnv: Record<string, string>;
  /** The local FCM the worker pushes to (scenario 7 reads its receipts). */
  push: PushStandIn;
  processes: ProcessGroup;
  logDir: string;
  /** Throws (naming the process and its last log lines) if a process has died. */
  assertAlive(): void;
  stop(): Promise<void>;
};

export type StackOptions = { databaseUrl: string; redisUrl: string; logLevel: string; profile: string[] };

export type StackHandle = {
  /** Where the processes' logs go (kept after a failed run, for reading). */
  logDir: string;
  /** Safe at any point of start-up; stops whatever was started. */
  stop(): Promise<void>;
  ready: Promise<Stack>;
};

export function startStack(options: StackOptions): StackHandle {
  const logDir = mkdtempSync(join(tmpdir(), 'relay-bench-'));
  const processes = createProcessGroup(logDir);
  let scratch: ScratchDatabase | undefined;
  let sql: Sql | undefined;
  let push: PushStandIn | undefined;
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      await processes.stopAll();
      await push?.stop();
      await sql?.end({ timeout: 5 }).catch(() => {});
      await scratch?.drop().catch((error: Error) => progress(`could not drop ${scratch?.url}: ${error.message}`));
    })();
    return stopped;
  };

  const ready = (async (): Promise<Stack> => {
    progress(`logs of the Relay processes: ${logDir}`);
    scratch = await createServerScratchDatabase(options.databaseUrl, 'relay_bench');
    sql = createDb({ url: scratch.url, max: 4, applicationName: 'relay-bench' });
    await migrate(sql);
    await assertRedis(options.redisUrl);
    push = await startPushStandIn();
    const [apiPort, gatewayA, gatewayB, floorPort] = (await freePorts(4)) as [number, number, number, number];
    const env: Record<string, string> = {
      // Production mode: what a deployment runs (and it refuses development secrets, so these are fresh).
      NODE_ENV: 'production',
      LOG_LEVEL: options.logLevel,
      HOST: '127.0.0.1',
      DATABASE_URL: scratch.url,
      REDIS_URL: options.redisUrl,
      JWT_SECRET: randomBytes(48).toString('base64'),
      ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      PUBLIC_URL: `http://127.0.0.1:${apiPort}`,
      // Nothing listens here: the scenarios send no replies, so the worker never calls it.
      TELEGRAM_API_BASE_URL: 'http://127.0.0.1:9',
      // Shorter than the default 3000 ms, so scenario 7's pushes leave within its few seconds.
      PUSH_GRACE_MS: String(BENCH_PUSH_GRACE_MS),
    };
    const config = loadConfig(env);
    const apps: [string, string, number][] = [
      ['api', 'apps/api/src/index.ts', apiPort],
      ['gateway-a', 'apps/gateway/src/index.ts', gatewayA],
      ['gateway-b', 'apps/gateway/src/index.ts', gatewayB],
      ['worker', 'apps/worker/src/index.ts', 0],
    ];
    const pushEnv = push.workerEnv;
    const children = apps.map(([name, entry, port]) =>
      processes.start(
        name,
        repoPath(entry),
        { ...env, ...(name === 'worker' ? pushEnv : {}), PORT: String(port) },
        options.profile.includes(name) ? ['--cpu-prof', `--cpu-prof-dir=${join(logDir, 'profiles')}`] : [],
      ),
    );
    children.push(
      processes.start('floor', repoPath('bench/src/floor/floor-server.ts'), {
        PORT: String(floorPort),
        REDIS_URL: options.redisUrl,
      }),
    );
    const assertAlive = () => {
      const dead = children.find((child) => !child.running);
      if (dead) throw new Error(`${dead.name} exited early; its log (${dead.logFile}) ends:\n${dead.tail()}`);
    };
    const database = new URL(scratch.url).pathname.slice(1);
    const pool = sql;
    await Promise.all([
      waitFor('api /readyz', () => httpOk(`http://127.0.0.1:${apiPort}/readyz`), assertAlive, READY_TIMEOUT_MS),
      waitFor('gateway-a', () => httpOk(`http://127.0.0.1:${gatewayA}/healthz`), assertAlive, READY_TIMEOUT_MS),
      waitFor('gateway-b', () => httpOk(`http://127.0.0.1:${gatewayB}/healthz`), assertAlive, READY_TIMEOUT_MS),
      waitFor('floor', () => httpOk(`http://127.0.0.1:${floorPort}/healthz`), assertAlive, READY_TIMEOUT_MS),
      // The worker has no HTTP port; it is up once its pool has a connection on our database.
      waitFor('worker', () => connectedAs(pool, database, 'relay-worker'), assertAlive, READY_TIMEOUT_MS),
    ]);
    progress(`stack up: api :${apiPort}, gateways :${gatewayA} :${gatewayB}, worker, floor :${floorPort}`);
    return {
      apiUrl: `http://127.0.0.1:${apiPort}`,
      gatewayUrls: [`http://127.0.0.1:${gatewayA}`, `http://127.0.0.1:${gatewayB}`],
      floorUrl: `http://127.0.0.1:${floorPort}`,
      sql: pool,
      database,
      config,
      appEnv: env,
      push,
      processes,
      logDir,
      assertAlive,
      stop,
    };
  })();
  return { logDir, stop, ready };
}

async function connectedAs(sql: Sql, database: string, applicationName: string): Promise<boolean> {
  const rows = await sql`
    select 1 from pg_stat_activity where datname = ${database} and application_name = ${applicationName} limit 1`;
  return rows.length > 0;
}

async function assertRedis(url: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new Error(`Redis at REDIS_URL is not reachable: ${(error as Error).message}`);
  } finally {
    redis.disconnect();
  }
}

export type { Child };
