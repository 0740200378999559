// Job payloads are parsed with their kind's schema (@relay/contracts) when a
// worker claims them: a payload that does not parse is dead-lettered at once
// with the zod issues in last_error, never retried; valid jobs run as before.
import { loadConfig } from '@relay/config';
import { createTenant, DELIVER_MESSAGE_JOB, enqueueJob, PUSH_EVENT_JOB, type Sql, withTenant } from '@relay/db';
import { uniqueSlug, useScratchDb } from '@relay/db/testing';
import { createLogger } from '@relay/logger';
import { createMetrics } from '@relay/metrics';
import { afterAll, describe, expect, it } from 'vitest';
import { SKIPPED_NO_CREDENTIALS } from '../src/push/push-loop.ts';
import { createWorker, type Worker } from '../src/worker.ts';

// Workers claim jobs of every tenant: this file gets a database of its own.
const db = useScratchDb();
const config = loadConfig({ NODE_ENV: 'test' });
const workers: Worker[] = [];
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
});

type JobState = { id: string; status: string; attempts: number; lastError: string | null };

/** Written as a buggy or outdated writer would: straight into the table, past enqueueJob's types. */
async function insertRawJob(sql: Sql, tenantId: string, kind: string, payload: unknown): Promise<string> {
  const [row] = await sql<{ id: string }[]>`
    insert into jobs (tenant_id, kind, payload) values (${tenantId}, ${kind}, ${sql.json(payload as never)})
    returning id`;
  return row?.id as string;
}

async function jobsOf(sql: Sql, tenantId: string): Promise<Map<string, JobState>> {
  const rows = await sql<JobState[]>`
    select id, status, attempts, last_error from jobs where tenant_id = ${tenantId}`;
  return new Map(rows.map((row) => [row.id, row]));
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const MALFORMED: { kind: string; payload: unknown; path: string }[] = [
  { kind: DELIVER_MESSAGE_JOB, payload: {}, path: 'messageId' },
  { kind: DELIVER_MESSAGE_JOB, payload: { messageId: 'not-a-uuid' }, path: 'messageId' },
  { kind: DELIVER_MESSAGE_JOB, payload: { messageId: 42 }, path: 'messageId' },
  { kind: DELIVER_MESSAGE_JOB, payload: ['a', 'list'], path: '' },
  { kind: PUSH_EVENT_JOB, payload: {}, path: 'seq' },
  { kind: PUSH_EVENT_JOB, payload: { seq: '7' }, path: 'seq' },
  { kind: PUSH_EVENT_JOB, payload: { seq: -1 }, path: 'seq' },
  { kind: PUSH_EVENT_JOB, payload: { seq: 7, deviceIds: ['not-a-uuid'] }, path: 'deviceIds.0' },
];

describe('job payloads', () => {
  it('dead-letters a malformed payload of each kind at claim, with the zod issues, and never retries it', async () => {
    const sql = db();
    const slug = uniqueSlug('jobs');
    const tenant = await createTenant(sql, { name: slug, slug });
    const bad = await Promise.all(
      MALFORMED.map(async (job) => ({ ...job, id: await insertRawJob(sql, tenant.id, job.kind, job.payload) })),
    );
    // Valid jobs beside them still run: a reply already gone (skipped) and a push with no FCM (skipped).
    await withTenant(sql, tenant.id, async (tx) => {
      await enqueueJob(tx, tenant.id, {
        kind: DELIVER_MESSAGE_JOB,
        payload: { messageId: '7f1c2a4e-9b3d-4c5e-8f6a-0b1c2d3e4f50' },
      });
      await enqueueJob(tx, tenant.id, { kind: PUSH_EVENT_JOB, payload: { seq: 1 } });
    });
    const metrics = createMetrics({ app: 'job-payloads-test' });
    workers.push(
      createWorker({
        sql,
        logger: createLogger({ app: 'job-payloads-test', level: 'silent' }),
        config,
        metrics,
        pollMs: 50,
      }),
    );

    const settled = await until(
      () => jobsOf(sql, tenant.id),
      (jobs) => [...jobs.values()].every((job) => job.status === 'dead' || job.status === 'done'),
    );
    for (const job of bad) {
      const state = settled.get(job.id);
      expect(state, `${job.kind} ${JSON.stringify(job.payload)}`).toMatchObject({ status: 'dead', attempts: 1 });
      const [prefix, issues] = (state?.lastError ?? '').split(/: (.*)/s);
      expect(prefix).toBe('invalid_payload');
      const parsed = JSON.parse(issues as string) as { path: string[]; code: string; message: string }[];
      expect(parsed.length).toBeGreaterThan(0);
      expect(parsed.map((issue) => issue.path.join('.'))).toContain(job.path);
      expect(parsed.every((issue) => issue.code && issue.message)).toBe(true);
    }
    const valid = [...settled.values()].filter((job) => !bad.some((b) => b.id === job.id));
    expect(valid.map((job) => job.status)).toEqual(['done', 'done']);
    expect(valid.map((job) => job.lastError).sort()).toEqual([null, SKIPPED_NO_CREDENTIALS].sort());

    // Several poll rounds later nothing has been claimed again.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const later = await jobsOf(sql, tenant.id);
    for (const job of bad) expect(later.get(job.id)).toMatchObject({ status: 'dead', attempts: 1 });

    const counted = await metrics.registry.getSingleMetric('relay_jobs_total')?.get();
    const count = (kind: string, outcome: string) =>
      counted?.values.find((v) => v.labels.kind === kind && v.labels.outcome === outcome)?.value ?? 0;
    expect(count(DELIVER_MESSAGE_JOB, 'invalid_payload')).toBe(4);
    expect(count(PUSH_EVENT_JOB, 'invalid_payload')).toBe(4);
    expect(count(DELIVER_MESSAGE_JOB, 'skipped')).toBe(1);
    expect(count(PUSH_EVENT_JOB, 'skipped')).toBe(1);
  });
});
