// Push retries: a device FCM could not take (429, 5xx, a network failure) or
// one over its rate limit is owed the push again, as a push job (payload
// {seq, deviceIds}, due after a backoff) that the log round queued when it
// recorded. Each retry sends to the devices still owed and settles the job:
// dead tokens dropped, those still failing retried again, the rest done.
import {
  buryJob,
  claimJobs,
  completeJob,
  dropDeadFcmToken,
  type JobRow,
  PUSH_EVENT_JOB,
  retryJob,
  withTenant,
} from '@relay/db';
import { retryDelayMs } from '../delivery/backoff.ts';
import type { WorkerDeps } from '../deps.ts';
import type { DeviceRateLimit } from './device-rate-limit.ts';
import { planPushJob, pushJobPayload } from './plan-push.ts';
import { type SendResult, sendPushes } from './send-pushes.ts';

const LEASE_SECONDS = 60;
export const SKIPPED_NO_CREDENTIALS = 'skipped: no FCM credentials configured';

async function settle(deps: WorkerDeps, job: JobRow, results: SendResult[]) {
  for (const result of results) {
    if (result.status !== 'dead') continue;
    const { device } = result.planned;
    await withTenant(deps.sql, job.tenantId, (tx) => dropDeadFcmToken(tx, job.tenantId, device.id, device.fcmToken));
  }
  const retry = results.flatMap((result) => (result.status === 'retry' ? [result] : []));
  if (retry.length === 0) return completeJob(deps.sql, job);
  const error = retry
    .map((result) => result.error)
    .join('; ')
    .slice(0, 500);
  if (job.attempts >= job.maxAttempts) return buryJob(deps.sql, job, error);
  const afterMs = Math.max(...retry.map((result) => result.afterMs));
  const { seq } = pushJobPayload(job);
  const at = new Date(Date.now() + retryDelayMs(job.attempts, afterMs));
  const deviceIds = [...new Set(retry.map((result) => result.planned.device.id))];
  await retryJob(deps.sql, job, at, error, { seq, deviceIds });
}

/** Runs the due retries (up to `limit`); returns how many it took. */
export async function runRetryRound(
  deps: WorkerDeps,
  rateLimit: DeviceRateLimit,
  opts: { workerId: string; limit: number },
): Promise<number> {
  const jobs = await claimJobs(deps.sql, {
    kinds: [PUSH_EVENT_JOB],
    limit: opts.limit,
    leaseSeconds: LEASE_SECONDS,
    workerId: opts.workerId,
  });
  if (!deps.push) {
    for (const job of jobs) {
      await completeJob(deps.sql, job, SKIPPED_NO_CREDENTIALS);
      deps.metrics.pushes.inc({ outcome: 'skipped_no_credentials' });
    }
    return jobs.length;
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
    await settle(deps, job, results.slice(at, at + sends.length));
    at += sends.length;
  }
  return jobs.length;
}
