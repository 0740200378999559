// Push fallback: claims push jobs whose ack grace has passed, plans each
// (plan-push.ts), keeps every device under FCM's per-device limits, sends all
// of a round's messages in sendEach batches, then settles each job: dead
// tokens dropped, 429/5xx devices retried with backoff (the job narrowed to
// them), the rest done. Without FCM credentials every job is marked done as
// skipped — visibly, once each, and said once in the log — never retried.
import { randomUUID } from 'node:crypto';
import {
  buryJob,
  claimJobs,
  completeJob,
  dropDeadFcmToken,
  type JobRow,
  nextJobDueInMs,
  PUSH_EVENT_JOB,
  retryJob,
  withTenant,
} from '@relay/db';
import type { PushOutcome } from '@relay/push';
import { retryDelayMs } from '../delivery/backoff.ts';
import { type Loop, startPollLoop } from '../loops/poll-loop.ts';
import type { WorkerDeps } from '../worker.ts';
import { createDeviceRateLimit } from './device-rate-limit.ts';
import { type PlannedPush, planPush, pushJobPayload } from './plan-push.ts';

const BATCH = 100;
const LEASE_SECONDS = 60;
/**
 * The shortest sleep between rounds. Under a steady stream a job falls due
 * every few milliseconds; waking for each would run the whole claim-plan-send
 * round per job and take the database from the webhooks. Waiting this long
 * sends them in batches instead, at most this much after their grace.
 */
const MIN_ROUND_GAP_MS = 100;
export const SKIPPED_NO_CREDENTIALS = 'skipped: no FCM credentials configured';

type Settlement = { retry: { deviceId: string; afterMs: number }[]; dead: PlannedPush[]; errors: string[] };

export function startPushLoop(deps: WorkerDeps, options: { pollMs: number }): Loop {
  const workerId = `push-${randomUUID()}`;
  const rateLimit = createDeviceRateLimit(deps.redis);
  if (!deps.push) deps.logger.warn('push disabled: FCM_CREDENTIALS_PATH is not set; push jobs are recorded as skipped');

  async function settle(job: JobRow, settlement: Settlement) {
    for (const dead of settlement.dead) {
      await withTenant(deps.sql, job.tenantId, (tx) =>
        dropDeadFcmToken(tx, job.tenantId, dead.device.id, dead.device.fcmToken),
      );
    }
    if (settlement.retry.length === 0) return completeJob(deps.sql, job);
    const error = settlement.errors.join('; ').slice(0, 500);
    if (job.attempts >= job.maxAttempts) return buryJob(deps.sql, job, error);
    const afterMs = Math.max(...settlement.retry.map((r) => r.afterMs));
    const { seq } = pushJobPayload(job);
    const at = new Date(Date.now() + retryDelayMs(job.attempts, afterMs));
    const deviceIds = [...new Set(settlement.retry.map((r) => r.deviceId))];
    await retryJob(deps.sql, job, at, error, { seq, deviceIds });
  }

  async function runRound(jobs: JobRow[]) {
    const settlements = new Map<string, Settlement>(jobs.map((job) => [job.id, { retry: [], dead: [], errors: [] }]));
    const outgoing: { job: JobRow; planned: PlannedPush }[] = [];
    for (const job of jobs) {
      const plan = await planPush(deps, job);
      for (const outcome of plan.skipped) deps.metrics.pushes.inc({ outcome });
      for (const planned of plan.sends) {
        const waitMs = await rateLimit.take(planned.device.id);
        if (waitMs > 0) {
          deps.metrics.pushes.inc({ outcome: 'rate_limited' });
          settlements.get(job.id)?.retry.push({ deviceId: planned.device.id, afterMs: waitMs });
          settlements.get(job.id)?.errors.push('device rate limit');
        } else {
          outgoing.push({ job, planned });
        }
      }
    }
    const outcomes: PushOutcome[] = outgoing.length
      ? await (deps.push as NonNullable<WorkerDeps['push']>).send(outgoing.map((o) => o.planned.message))
      : [];
    outgoing.forEach(({ job, planned }, index) => {
      const outcome = outcomes[index] ?? { status: 'retry', error: 'no outcome from the sender' };
      const settlement = settlements.get(job.id) as Settlement;
      deps.metrics.pushes.inc({ outcome: outcome.status });
      if (outcome.status === 'unregistered' || outcome.status === 'invalid_token') settlement.dead.push(planned);
      if (outcome.status === 'retry') {
        settlement.retry.push({ deviceId: planned.device.id, afterMs: outcome.retryAfterMs ?? 0 });
        settlement.errors.push(outcome.error);
      }
      if (outcome.status === 'failed') {
        deps.logger.warn({ jobId: job.id, err: outcome.error }, 'push failed for a device; not retried');
      }
    });
    for (const job of jobs) await settle(job, settlements.get(job.id) as Settlement);
  }

  return startPollLoop({
    name: 'push',
    logger: deps.logger,
    pollMs: options.pollMs,
    async tick() {
      const jobs = await claimJobs(deps.sql, {
        kinds: [PUSH_EVENT_JOB],
        limit: BATCH,
        leaseSeconds: LEASE_SECONDS,
        workerId,
      });
      if (!deps.push) {
        for (const job of jobs) {
          await completeJob(deps.sql, job, SKIPPED_NO_CREDENTIALS);
          deps.metrics.pushes.inc({ outcome: 'skipped_no_credentials' });
        }
      } else if (jobs.length) {
        await runRound(jobs);
      }
      if (jobs.length === BATCH) return { again: true };
      // Sleep exactly until the next push is due, so a push leaves at grace, not grace + a poll.
      const dueInMs = await nextJobDueInMs(deps.sql, [PUSH_EVENT_JOB]);
      return { sleepMs: Math.max(MIN_ROUND_GAP_MS, dueInMs ?? options.pollMs) };
    },
  });
}
