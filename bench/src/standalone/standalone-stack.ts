// Owns --standalone's process: what `npm start` runs (apps/standalone, the API,
// gateway and worker in one process on embedded PGlite, no DATABASE_URL, no
// Redis) on a scratch data directory and a free port. PGlite has one owner
// at a time (a lock file in the data directory), so the harness opens the
// directory first itself — migrate, seed the tenants — closes it, then starts
// the process on it; after the run it stops the process and opens the
// directory once more to check that every acknowledged message was stored.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Config, loadConfig } from '@relay/config';
import { createDb, migrate, type Sql } from '@relay/db';
import { startEmbeddedPostgres } from '@relay/db/embedded';
import { repoPath } from '../paths.ts';
import { progress } from '../progress.ts';
import { freePort } from '../stack/free-port.ts';
import { type Child, createProcessGroup, type ProcessGroup } from '../stack/processes.ts';
import { type SeededTenant, type SeedSpec, seedTenants } from '../stack/seed-tenants.ts';
import { httpOk, waitFor } from '../stack/wait-for.ts';

/** The first start of a fresh directory loads PGlite and applies nothing new (the harness migrated it). */
const READY_TIMEOUT_MS = 120_000;

export type StandaloneStack = {
  url: string;
  config: Config;
  /** The seeded tenants, in the order of the specs given. */
  tenants: SeededTenant[][];
  /** The Relay process (its CPU is the server side, all of it). */
  relay: Child;
  processes: ProcessGroup;
  dataDir: string;
  assertAlive(): void;
  /** Stops the process (its own graceful shutdown), then opens its data directory for check. */
  stopAndRead<T>(check: (sql: Sql) => Promise<T>): Promise<T>;
};

export type StandaloneHandle = {
  logDir: string;
  /** Safe at any point: stops whatever was started and removes the data directory. */
  stop(): Promise<void>;
  ready: Promise<StandaloneStack>;
};

export function startStandaloneStack(
  options: { logLevel: string; profile: string[] },
  seeds: SeedSpec[],
): StandaloneHandle {
  const logDir = mkdtempSync(join(tmpdir(), 'relay-bench-standalone-'));
  const dataDir = join(logDir, 'data');
  const processes = createProcessGroup(logDir);
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      await processes.stopAll();
      rmSync(dataDir, { recursive: true, force: true });
    })();
    return stopped;
  };

  const ready = (async (): Promise<StandaloneStack> => {
    progress(`logs of the standalone process: ${logDir}; its data directory: ${dataDir}`);
    const port = await freePort();
    const env: Record<string, string> = {
      // What `npm start` runs. Not NODE_ENV=production: the config refuses production without DATABASE_URL
      // (the embedded database is for development); on the request path nothing else reads NODE_ENV.
      NODE_ENV: 'development',
      LOG_LEVEL: options.logLevel,
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      RELAY_DATA_DIR: dataDir,
      // No demo tenant (the bench seeds its own) and no web UI (its first build takes minutes; the webhooks
      // and sockets never reach it).
      RELAY_DEMO: 'false',
      RELAY_WEB: 'false',
      JWT_SECRET: randomBytes(48).toString('base64'),
      ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      TELEGRAM_API_BASE_URL: 'http://127.0.0.1:9',
    };
    const config = loadConfig(env);
    progress('standalone: migrating and seeding the scratch data directory');
    const tenants = await withDataDir(dataDir, async (sql) => {
      await migrate(sql);
      const seeded: SeededTenant[][] = [];
      for (const spec of seeds) seeded.push(await seedTenants(sql, config, spec));
      return seeded;
    });
    const relay = processes.start(
      'standalone',
      repoPath('apps/standalone/src/index.ts'),
      env,
      options.profile.includes('standalone') ? ['--cpu-prof', `--cpu-prof-dir=${join(logDir, 'profiles')}`] : [],
    );
    const assertAlive = () => {
      if (!relay.running)
        throw new Error(`the standalone process exited early; its log (${relay.logFile}) ends:\n${relay.tail()}`);
    };
    const url = `http://127.0.0.1:${port}`;
    await waitFor('standalone /readyz', () => httpOk(`${url}/readyz`), assertAlive, READY_TIMEOUT_MS);
    progress(`standalone up: ${url} (pid ${relay.process.pid})`);
    return {
      url,
      config,
      tenants,
      relay,
      processes,
      dataDir,
      assertAlive,
      async stopAndRead(check) {
        await processes.stop(relay);
        return withDataDir(dataDir, check);
      },
    };
  })();
  return { logDir, stop, ready };
}

/** Opens the data directory's PGlite (taking its lock) for one piece of work, then closes it. */
async function withDataDir<T>(dataDir: string, work: (sql: Sql) => Promise<T>): Promise<T> {
  const embedded = await startEmbeddedPostgres({ dataDir });
  // One connection: the embedded database serialises everything on one session anyway.
  const sql = createDb({ url: embedded.url, max: 1, applicationName: 'relay-bench' });
  try {
    return await work(sql);
  } finally {
    await sql.end({ timeout: 5 }).catch(() => {});
    await embedded.stop();
  }
}
