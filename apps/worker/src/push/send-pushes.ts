// Sends a round's planned pushes: each device kept under FCM's per-device
// limits, everything that may go in one sendEach call, and each result sorted
// into what the round must record (dead tokens, devices to retry).
import type { PushOutcome } from '@relay/push';
import type { WorkerDeps } from '../deps.ts';
import type { DeviceRateLimit } from './device-rate-limit.ts';
import type { PlannedPush } from './plan-push.ts';

export type SendResult =
  | { planned: PlannedPush; status: 'sent' | 'failed' }
  | { planned: PlannedPush; status: 'dead' }
  | { planned: PlannedPush; status: 'retry'; afterMs: number; error: string };

/** One result per planned push, in the same order. */
export async function sendPushes(
  deps: WorkerDeps,
  rateLimit: DeviceRateLimit,
  planned: PlannedPush[],
): Promise<SendResult[]> {
  const results: SendResult[] = [];
  const outgoing: number[] = [];
  for (const push of planned) {
    const waitMs = await rateLimit.take(push.device.id);
    if (waitMs > 0) {
      deps.metrics.pushes.inc({ outcome: 'rate_limited' });
      results.push({ planned: push, status: 'retry', afterMs: waitMs, error: 'device rate limit' });
    } else {
      outgoing.push(results.length);
      results.push({ planned: push, status: 'sent' });
    }
  }
  const outcomes: PushOutcome[] = outgoing.length
    ? await (deps.push as NonNullable<WorkerDeps['push']>).send(
        outgoing.map((index) => (results[index] as SendResult).planned.message),
      )
    : [];
  outgoing.forEach((index, i) => {
    const planned = (results[index] as SendResult).planned;
    const outcome = outcomes[i] ?? { status: 'retry', error: 'no outcome from the sender' };
    deps.metrics.pushes.inc({ outcome: outcome.status });
    if (outcome.status === 'unregistered' || outcome.status === 'invalid_token') {
      results[index] = { planned, status: 'dead' };
    } else if (outcome.status === 'retry') {
      results[index] = { planned, status: 'retry', afterMs: outcome.retryAfterMs ?? 0, error: outcome.error };
    } else if (outcome.status === 'failed') {
      deps.logger.warn({ seq: planned.seq, err: outcome.error }, 'push failed for a device; not retried');
      results[index] = { planned, status: 'failed' };
    }
  });
  return results;
}
