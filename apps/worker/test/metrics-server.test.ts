// The scaled worker's GET /metrics (WORKER_METRICS_PORT): the listener index.ts
// starts, serving the registry a real worker records into; the job series move
// after a real job runs.
import { loadConfig } from '@relay/config';
import { createTenant, DELIVER_MESSAGE_JOB, enqueueJob, withTenant } from '@relay/db';
import { uniqueSlug, useScratchDb } from '@relay/db/testing';
import { createLogger } from '@relay/logger';
import { createMetrics } from '@relay/metrics';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startMetricsServer } from '../src/metrics-server.ts';
import { createWorker } from '../src/worker.ts';

// Workers claim jobs of every tenant: this file gets a database of its own.
const db = useScratchDb();
const logger = createLogger({ app: 'worker-metrics-test', level: 'silent' });

function sample(text: string, name: string, labels: Record<string, string>): number {
  for (const line of text.split('\n')) {
    const match = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const has = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([key, value]) => has[key] === value)) return Number(match[3]);
  }
  return 0;
}

describe('worker /metrics', () => {
  it('serves the worker registry on its own port; jobs by kind and outcome move after a job runs', async () => {
    const sql = db();
    const metrics = createMetrics({ app: 'worker' });
    const server = await startMetricsServer({ registry: metrics.registry, host: '127.0.0.1', port: 0, logger });
    onTestFinished(() => server.close());
    const url = `http://127.0.0.1:${server.port}`;
    const scrape = async () => {
      const res = await fetch(`${url}/metrics`);
      expect(res.status).toBe(200);
      return res.text();
    };

    const before = await scrape();
    for (const name of [
      'relay_jobs_total',
      'relay_sla_event_lateness_seconds',
      'relay_push_total',
      'relay_routing_assignments_total',
      'relay_outbound_deliveries_total',
    ]) {
      expect(before).toContain(`# TYPE ${name} `);
    }
    expect(sample(before, 'relay_jobs_total', { kind: DELIVER_MESSAGE_JOB, outcome: 'skipped' })).toBe(0);
    const notFound = await fetch(`${url}/other`);
    expect(notFound.status).toBe(404);
    expect(await notFound.json()).toEqual({ error: { code: 'not_found', message: 'not found' } });

    // A reply that no longer exists: the job runs and is skipped.
    const slug = uniqueSlug('wm');
    const tenant = await createTenant(sql, { name: slug, slug });
    await withTenant(sql, tenant.id, (tx) =>
      enqueueJob(tx, tenant.id, {
        kind: DELIVER_MESSAGE_JOB,
        payload: { messageId: '3d6f0a1b-2c4e-4f8a-9b1c-5d7e9f0a2b4c' },
      }),
    );
    const worker = createWorker({ sql, logger, config: loadConfig({ NODE_ENV: 'test' }), metrics, pollMs: 50 });
    onTestFinished(() => worker.stop().then(() => undefined));

    const deadline = Date.now() + 15_000;
    let after = await scrape();
    while (sample(after, 'relay_jobs_total', { kind: DELIVER_MESSAGE_JOB, outcome: 'skipped' }) < 1) {
      if (Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
      after = await scrape();
    }
    expect(sample(after, 'relay_jobs_total', { kind: DELIVER_MESSAGE_JOB, outcome: 'skipped', app: 'worker' })).toBe(1);
    expect(sample(after, 'relay_outbound_deliveries_total', { outcome: 'skipped' })).toBe(1);
  });
});
