// Standalone mode: the whole product in one process on one port, composed from
// the apps' factories. Owns the order of start-up (database, migrations, demo
// seed, HTTP) and the reverse order of shutdown.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createApi } from '@relay/api';
import { type HttpDrain, trackHttpServer } from '@relay/api/drain';
import { createWebhookAccountCache, type WebhookAccounts } from '@relay/api/webhook-accounts';
import type { Config } from '@relay/config';
import { createDb, DEMO_TENANT_SLUG, findTenantBySlug, migrate, seedDemoTenantIfEmpty } from '@relay/db';
import { type EmbeddedPostgres, startEmbeddedPostgres } from '@relay/db/embedded';
import { createGateway, type Gateway } from '@relay/gateway';
import type { Logger } from '@relay/logger';
import { createMetrics } from '@relay/metrics';
import { type PushSender, pushSenderFromFiles } from '@relay/push';
import { createWorker, type Worker } from '@relay/worker';
import { startWeb, type Web } from './web.ts';

/** Paths the API answers; everything else is the web UI's (Socket.IO's /socket.io/ is the gateway's own). */
const API_PATHS = /^\/(api|webhooks|metrics|healthz|readyz)(\/|\?|$)/;

export type Standalone = {
  /** Where a browser reaches it. */
  url: string;
  port: number;
  /** Human description of the database in use. */
  database: string;
  /** True when the demo tenant exists (seeded now or on an earlier start). */
  demoTenant: boolean;
  stop(): Promise<void>;
};

export async function startStandalone(config: Config, logger: Logger): Promise<Standalone> {
  let embedded: EmbeddedPostgres | undefined;
  if (!config.database.url) {
    logger.info({ component: 'standalone', dataDir: config.database.dataDir }, 'starting embedded PostgreSQL');
    embedded = await startEmbeddedPostgres({ dataDir: config.database.dataDir });
  }
  const url = config.database.url ?? (embedded as EmbeddedPostgres).url;
  // The embedded database serialises everything on one session: one connection.
  const sql = createDb({
    url,
    max: embedded ? 1 : config.database.poolMax,
    applicationName: 'relay-standalone',
    // In this process: no loopback TCP between the driver and PGlite.
    ...(embedded ? { connect: embedded.connect } : {}),
    connectTimeoutMs: config.database.connectTimeoutMs,
    statementTimeoutMs: config.database.statementTimeoutMs,
  });
  let http: HttpDrain | undefined;
  let worker: Worker | undefined;
  let gateway: Gateway | undefined;
  let push: PushSender | undefined;
  let web: Web | undefined;
  let webhookAccounts: WebhookAccounts | undefined;
  // The same order as the scaled apps: stop accepting, let requests and jobs in flight finish
  // (within SHUTDOWN_TIMEOUT_MS), then close the pools and the database.
  const stop = async () => {
    const deadline = Date.now() + config.shutdownTimeoutMs;
    const drained = http?.drain({ timeoutMs: config.shutdownTimeoutMs });
    // Sockets go at once (their clients reconnect and catch up); the HTTP server closes when the
    // drain has ended the last request's connection.
    await gateway?.close();
    if (drained && !(await drained)) logger.warn({ component: 'standalone' }, 'shutdown deadline passed for requests');
    await web?.close();
    if (worker && !(await worker.stop({ timeoutMs: Math.max(0, deadline - Date.now()) }))) {
      logger.warn({ component: 'standalone' }, 'shutdown deadline passed for jobs; they are retried on the next start');
    }
    await push?.close();
    await webhookAccounts?.close();
    await sql.end({ timeout: 5 });
    await embedded?.stop();
  };

  try {
    const applied = await migrate(sql);
    if (applied.length) logger.info({ component: 'standalone', applied }, 'migrations applied');
    if (config.demo && (await seedDemoTenantIfEmpty(sql, { encryptionKey: config.encryptionKey }))) {
      logger.info({ component: 'standalone' }, 'demo tenant seeded');
    }
    const demoTenant = config.demo && Boolean(await findTenantBySlug(sql, DEMO_TENANT_SLUG));
    // Before listening: the first start builds the UI, and nobody should reach a half-started server.
    if (config.web) web = await startWeb(logger, config.webDistDir);

    // One registry: /metrics shows the API's, the worker's and the gateway's numbers together.
    const metrics = createMetrics({ app: 'relay' });
    const listening = createServer();
    http = trackHttpServer(listening);
    // The gateway attaches before listening; the API and the worker publish through its rooms.
    const realtime = createGateway(listening, {
      sql,
      logger: logger.child({ component: 'gateway' }),
      config,
      registry: metrics.registry,
    });
    gateway = realtime;
    push = await pushSenderFromFiles({
      credentialsPath: config.push.fcmCredentialsPath,
      projectId: config.push.fcmProjectId,
      connectTo: config.push.fcmConnectTo,
      caPath: config.push.fcmCaPath,
    });
    // The worker shares the gateway's presence and acks: routing sees who is
    // connected, push fallback sees what each device has already seen.
    const running = createWorker({
      sql,
      logger: logger.child({ component: 'worker' }),
      config,
      metrics,
      publisher: realtime.publisher,
      presence: realtime.presence,
      acks: realtime.acks,
      ...(push ? { push } : {}),
    });
    worker = running;
    // Listen first: with PORT=0 only the bound server knows the port that
    // webhook URLs must carry.
    await new Promise<void>((resolve, reject) => {
      listening.once('error', reject);
      listening.listen(config.port, config.host, () => resolve());
    });
    const port = (listening.address() as AddressInfo).port;
    const url = config.port === 0 ? `http://localhost:${port}` : config.publicUrl;
    // Webhook accounts from memory, as the scaled API has them: every writer of an account is in
    // this process and reports its change to this cache (no Redis needed for one process).
    webhookAccounts = createWebhookAccountCache({ sql, logger: logger.child({ component: 'api' }) });
    const app = createApi({
      sql,
      webhookAccounts,
      logger: logger.child({ component: 'api' }),
      config: { ...config, publicUrl: url, webOrigin: config.port === 0 ? url : config.webOrigin },
      publisher: realtime.publisher,
      onJobsQueued: (work) => running.nudge(work),
      metrics,
      presence: realtime.presence,
    });
    const ui = web;
    listening.on('request', (req, res) => {
      const path = req.url ?? '/';
      // Engine.IO answers its own requests (it attached first); nobody else may touch them.
      if (path.startsWith('/socket.io/')) return;
      if (!ui || API_PATHS.test(path)) app(req, res);
      else ui.handle(req, res);
    });
    return {
      url,
      port,
      database: embedded
        ? `embedded PostgreSQL (PGlite) in ${join(embedded.dataDir ?? '', 'pglite')}`
        : 'PostgreSQL at DATABASE_URL',
      demoTenant,
      stop,
    };
  } catch (error) {
    await stop().catch(() => {});
    throw error;
  }
}
