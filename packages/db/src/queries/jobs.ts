// Owns the job queue (outbound delivery, push): enqueue in the writer's
// transaction, claim across tenants with FOR UPDATE SKIP LOCKED so any number
// of workers never run one job twice, and a lease that a crashed worker's jobs
// fall back from.
import type { JobKind, JobPayloadInput } from '@relay/contracts';
import type { Sql, Tx } from '../create-db.ts';

/** Job kinds and their payload schemas live in @relay/contracts (jobs.ts): one per kind. */
export { DELIVER_MESSAGE_JOB, PUSH_EVENT_JOB } from '@relay/contracts';

export type JobRow = {
  tenantId: string;
  id: string;
  kind: string;
  /** As stored: the worker parses it with the kind's schema before use. */
  payload: Record<string, unknown>;
  dedupeKey: string | null;
  status: 'pending' | 'running' | 'done' | 'dead';
  attempts: number;
  maxAttempts: number;
  nextAttemptAt: Date;
  lockedUntil: Date | null;
  lockedBy: string | null;
  lastError: string | null;
};

export type NewJob<K extends JobKind = JobKind> = {
  kind: K;
  payload: JobPayloadInput<K>;
  dedupeKey?: string | null;
  maxAttempts?: number;
  /** Attempts already made before it was queued (a push's first send, from the event log). */
  attempts?: number;
  /** When it is due (default now). */
  runAt?: Date;
  /** Due this long after the database's now() (wins over runAt): no clock skew between app and database. */
  delayMs?: number;
};

/** Queues a job; with a dedupeKey already queued, nothing new is written. */
export async function enqueueJob<K extends JobKind>(tx: Tx, tenantId: string, job: NewJob<K>): Promise<void> {
  await tx`
    insert into jobs (tenant_id, kind, payload, dedupe_key, max_attempts, attempts, next_attempt_at)
    values (${tenantId}, ${job.kind}, ${tx.json(job.payload as never)}, ${job.dedupeKey ?? null},
            ${job.maxAttempts ?? 8}, ${job.attempts ?? 0},
            ${job.delayMs === undefined ? (job.runAt ?? new Date()) : tx`now() + make_interval(secs => ${job.delayMs / 1000})`})
    on conflict (tenant_id, kind, dedupe_key) where dedupe_key is not null do nothing`;
}

/**
 * Queues a job again under its dedupeKey: a finished or buried one starts
 * over (attempts from zero, due now), none yet is created. A job a worker is
 * running now is left alone, so one job never runs twice at once.
 */
export async function requeueJob<K extends JobKind>(
  tx: Tx,
  tenantId: string,
  job: { kind: K; payload: JobPayloadInput<K>; dedupeKey: string },
): Promise<void> {
  await tx`
    insert into jobs (tenant_id, kind, payload, dedupe_key)
    values (${tenantId}, ${job.kind}, ${tx.json(job.payload as never)}, ${job.dedupeKey})
    on conflict (tenant_id, kind, dedupe_key) where dedupe_key is not null
    do update set status = 'pending', attempts = 0, next_attempt_at = now(), locked_until = null,
                  locked_by = null, last_error = null, payload = excluded.payload
            where jobs.status <> 'running'`;
}

/** Takes up to `limit` due jobs of these kinds and leases them to `workerId`. Runs as the schema owner. */
export async function claimJobs(
  sql: Sql,
  opts: { kinds: JobKind[]; limit: number; leaseSeconds: number; workerId: string },
): Promise<JobRow[]> {
  return sql<JobRow[]>`
    update jobs j set status = 'running', attempts = j.attempts + 1,
           locked_until = now() + make_interval(secs => ${opts.leaseSeconds}), locked_by = ${opts.workerId}
      from (select tenant_id, id from jobs
             where status = 'pending' and next_attempt_at <= now() and kind = any(${opts.kinds})
             order by next_attempt_at
             limit ${opts.limit}
             for update skip locked) due
     where j.tenant_id = due.tenant_id and j.id = due.id
    returning j.*`;
}

/** Marks a job done; `note` records why it did nothing (e.g. push skipped), visibly, in last_error. */
export async function completeJob(sql: Sql | Tx, job: Pick<JobRow, 'tenantId' | 'id'>, note?: string): Promise<void> {
  await sql`update jobs set status = 'done', locked_until = null, last_error = ${note ?? null}
             where tenant_id = ${job.tenantId} and id = ${job.id}`;
}

/** Back to the queue at `at`; a new payload narrows what the next attempt does (e.g. only the failed devices). */
export async function retryJob<K extends JobKind>(
  sql: Sql | Tx,
  job: Pick<JobRow, 'tenantId' | 'id'> & { kind: K },
  at: Date,
  error: string,
  payload?: JobPayloadInput<K>,
) {
  await sql`update jobs set status = 'pending', next_attempt_at = ${at}, locked_until = null, last_error = ${error},
                    payload = ${payload ? sql.json(payload as never) : sql`payload`}
             where tenant_id = ${job.tenantId} and id = ${job.id}`;
}

/** Gives up on a job for good (the dead-letter state), keeping the last error. */
export async function buryJob(sql: Sql | Tx, job: Pick<JobRow, 'tenantId' | 'id'>, error: string): Promise<void> {
  await sql`update jobs set status = 'dead', locked_until = null, last_error = ${error}
             where tenant_id = ${job.tenantId} and id = ${job.id}`;
}

/** Milliseconds until the earliest pending job of these kinds is due (0 if overdue), or null when none is pending. */
export async function nextJobDueInMs(sql: Sql, kinds: string[]): Promise<number | null> {
  // Not greatest(0, …) in SQL: it skips a NULL, so "no job at all" would read as "due now"
  // and the loop asking would spin.
  const [row] = await sql<{ ms: number | null }[]>`
    select (extract(epoch from (min(next_attempt_at) - now())) * 1000)::float8 as ms
      from jobs where status = 'pending' and kind = any(${kinds})`;
  return row?.ms == null ? null : Math.max(0, row.ms);
}

/** Jobs whose worker died mid-run go back to the queue once their lease ends. */
export async function releaseExpiredLeases(sql: Sql): Promise<number> {
  const rows = await sql`
    update jobs set status = 'pending', locked_until = null, locked_by = null
     where status = 'running' and locked_until < now()
    returning id`;
  return rows.length;
}
