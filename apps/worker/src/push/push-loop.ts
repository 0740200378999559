// Push fallback: the log round (log-round.ts) reads each tenant's event log
// from its cursor once the ack grace has passed and sends what it plans; the
// retry round (retry-round.ts) serves the push jobs that round queued for
// devices FCM did not take. Without FCM credentials cursors still move and
// each push is counted as skipped (said once in the log), never retried.
import { randomUUID } from 'node:crypto';
import { nextJobDueInMs, nextPushDueInMs, PUSH_EVENT_JOB } from '@relay/db';
import type { WorkerDeps } from '../deps.ts';
import { type Loop, startPollLoop } from '../loops/poll-loop.ts';
import { createDeviceRateLimit } from './device-rate-limit.ts';
import { runLogRound } from './log-round.ts';
import { runRetryRound } from './retry-round.ts';

export { SKIPPED_NO_CREDENTIALS } from './retry-round.ts';

const RETRIES_PER_ROUND = 100;
const TENANTS_PER_ROUND = 20;
const EVENTS_PER_TENANT = 500;
/** How long a round may hold a tenant; a worker that dies mid-round holds it this long. */
const LEASE_SECONDS = 60;
/**
 * The shortest sleep between rounds. Under a steady stream an event falls due
 * every few milliseconds; waking for each would run a whole round per event
 * and take the database from the webhooks. Waiting this long sends them in
 * batches instead, at most this much after their grace.
 */
const MIN_ROUND_GAP_MS = 100;

export type PushLoopOptions = {
  pollMs: number;
  leaseSeconds?: number;
  /** Runs after a round's sends, before it records anything: tests stand a crash there. */
  afterSend?: () => Promise<void>;
};

export function startPushLoop(deps: WorkerDeps, options: PushLoopOptions): Loop {
  const workerId = `push-${randomUUID()}`;
  const rateLimit = createDeviceRateLimit(deps.redis);
  if (!deps.push) deps.logger.warn('push disabled: FCM_CREDENTIALS_PATH is not set; pushes are recorded as skipped');
  const round = {
    workerId,
    tenants: TENANTS_PER_ROUND,
    events: EVENTS_PER_TENANT,
    leaseSeconds: options.leaseSeconds ?? LEASE_SECONDS,
    afterSend: options.afterSend,
  };

  return startPollLoop({
    name: 'push',
    logger: deps.logger,
    pollMs: options.pollMs,
    async tick() {
      const retries = await runRetryRound(deps, rateLimit, { workerId, limit: RETRIES_PER_ROUND });
      const full = await runLogRound(deps, rateLimit, round);
      if (full || retries === RETRIES_PER_ROUND) return { again: true };
      // Sleep exactly until the next push is due, so a push leaves at grace, not grace + a poll.
      const [logDue, retryDue] = await Promise.all([
        nextPushDueInMs(deps.sql, deps.pushGraceMs),
        nextJobDueInMs(deps.sql, [PUSH_EVENT_JOB]),
      ]);
      const dues = [logDue, retryDue].filter((due): due is number => due !== null);
      return { sleepMs: Math.max(MIN_ROUND_GAP_MS, dues.length ? Math.min(...dues) : options.pollMs) };
    },
  });
}
