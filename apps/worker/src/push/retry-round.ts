// Push retries: a device FCM could not take (429, 5xx, a network failure) or
// one over its rate limit is owed the push again, as a push job (payload
// {seq, deviceIds}, due after a backoff) that the log round queued when it
// recorded. Each retry sends to the devices still owed and settles the job:
// dead tokens dropped, those still failing retried again, the rest done.
import { buryJob, completeJob, dropDeadFcmToken, PUSH_EVENT_JOB, retryJob, withTenant } from '@relay/db';
import { retryDelayMs } from '../delivery/backoff.ts';
import type { WorkerDeps } from '../deps.ts';
import { type ClaimedJob, claimParsedJobs } from '../jobs/claim-parsed-jobs.ts';
import type { DeviceRateLimit } from './device-rate-limit.ts';
import { planPushJob } from './plan-push.ts';
import { type SendResult, sendPushes } from './send-pushes.ts';

const LEASE_SECONDS = 60;
export const SKIPPED_NO_CREDENTIALS = 'skipped: no FCM credentials configured';

type PushJob = ClaimedJob<typeof PUSH_EVENT_JOB>;

/** What became of the job: done, retried later, or dead (out of attempts). */
async function settle(deps: WorkerDeps, job: PushJob, results: SendResult[]): Promise<'done' | 'retry' | 'dead'> {
  for (const result of results) {
    if (result.status !== 'dead') continue;
    const { device } = result.planned;
    await withTenant(deps.sql, job.tenantId, (tx) => dropDeadFcmToken(tx, job.tenantId, device.id, device.fcmToken));
  }
  const retry = results.flatMap((result) => (result.status === 'retry' ? [result] : []));
  if (retry.length === 0) {
    await completeJob(deps.sql, job);
    return 'done';
  }
  const error = retry
    .map((result) => result.error)
    .join('; ')
    .slice(0, 500);
  if (job.attempts >= job.maxAttempts) {
    await buryJob(deps.sql, job, error);
    return 'dead';
  }
  const afterMs = Math.max(...retry.map((result) => result.afterMs));
  const { seq } = job.payload;
  const at = new Date(Date.now() + retryDelayMs(job.attempts, afterMs));
  const deviceIds = [...new Set(retry.map((result) => result.planned.device.id))];
  await retryJob(deps.sql, job, at, error, { seq, deviceIds });
  return 'retry';
}

/** Runs the due retries (up to `limit`); returns how many it took. */
export async function runRetryRound(
  deps: WorkerDeps,
  rateLimit: DeviceRateLimit,
  opts: { workerId: string; limit: number },
): Promise<number> {
  const { jobs, claimed } = await claimParsedJobs(deps, PUSH_EVENT_JOB, {
    limit: opts.limit,
    leaseSeconds: LEASE_SECONDS,
    workerId: opts.workerId,
  });
  if (!deps.push) {
    for (const job of jobs) {
      await completeJob(deps.sql, job, SKIPPED_NO_CREDENTIALS);
      deps.metrics.pushes.inc({ outcome: 'skipped_no_credentials' });
      deps.metrics.jobs.inc({ kind: PUSH_EVENT_JOB, outcome: 'skipped' });
    }
    return claimed;
  }
  const plans = [];
  for (const job of jobs) {
    const plan = await planPushJob(deps, job);
    for (const outcome of plan.skipped) deps.metrics.pushes.inc({ outcome });
    plans.push({ job, sends: plan.sends });
  }
  const results = await sendPushes(
    deps,
    rateLimit,
    plans.flatMap((plan) => plan.sends),
  );
  let at = 0;
  for (const { job, sends } of plans) {
    const outcome = await settle(deps, job, results.slice(at, at + sends.length));
    deps.metrics.jobs.inc({ kind: PUSH_EVENT_JOB, outcome });
    at += sends.length;
  }
  return claimed;
}
