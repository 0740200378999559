// Push fallback's main path: reads each tenant's event log from its cursor
// once the devices' ack grace has passed. A round leases a few tenants whose
// next event is due (claimPushCursors: a tenant with no device to push to is
// never taken), reads each one's due events (one batch per tenant, filtered
// by type in SQL and by needsAttention here), plans them (plan-push.ts),
// sends all of the round's pushes together, then records each tenant in one
// transaction: dead tokens dropped, retries queued as push jobs, the cursor
// moved past the batch and the lease given back.
//
// At least once: a worker that dies after sending and before that commit
// leaves the cursor where it was, and whoever takes the tenant when the lease
// runs out sends that batch again. A crash never skips an event, and without
// one no event is pushed twice (the lease keeps other workers off the tenant,
// and recording checks it is still held).
import {
  advancePushCursor,
  type ClaimedCursor,
  claimPushCursors,
  dropDeadFcmToken,
  enqueueJob,
  PUSH_EVENT_JOB,
  readPushBatch,
  releasePushCursor,
  withTenant,
} from '@relay/db';
import { needsAttention, PUSH_EVENT_TYPES } from '@relay/realtime';
import { retryDelayMs } from '../delivery/backoff.ts';
import type { WorkerDeps } from '../deps.ts';
import type { DeviceRateLimit } from './device-rate-limit.ts';
import { ackReader, decidePush, loadPushTargets, type PlannedPush } from './plan-push.ts';
import { type SendResult, sendPushes } from './send-pushes.ts';

export type LogRoundOptions = {
  workerId: string;
  /** Tenants leased per round. */
  tenants: number;
  /** Seqs read per tenant per round. */
  events: number;
  leaseSeconds: number;
  /** Runs after the sends, before anything is recorded: tests stand a crash there. */
  afterSend?: (() => Promise<void>) | undefined;
};

type TenantRound = { cursor: ClaimedCursor; upto: number; sends: PlannedPush[] };

class LeaseLostError extends Error {}

async function planTenant(deps: WorkerDeps, cursor: ClaimedCursor, limit: number, now: Date): Promise<TenantRound> {
  const { tenantId } = cursor;
  const read = await withTenant(deps.sql, tenantId, async (tx) => {
    const batch = await readPushBatch(tx, tenantId, {
      afterSeq: cursor.lastSeq,
      graceMs: deps.pushGraceMs,
      limit,
      types: PUSH_EVENT_TYPES,
    });
    const events = batch.events.filter(needsAttention);
    return { upto: batch.upto, events, targets: deps.push ? await loadPushTargets(tx, tenantId, events) : [] };
  });
  if (!deps.push) {
    for (const _ of read.events) deps.metrics.pushes.inc({ outcome: 'skipped_no_credentials' });
    return { cursor, upto: read.upto, sends: [] };
  }
  const ackedSeqOf = ackReader(deps.acks, tenantId);
  const sends: PlannedPush[] = [];
  for (const target of read.targets) {
    const plan = await decidePush(target, ackedSeqOf, { now });
    for (const outcome of plan.skipped) deps.metrics.pushes.inc({ outcome });
    sends.push(...plan.sends);
  }
  return { cursor, upto: read.upto, sends };
}

async function recordTenant(deps: WorkerDeps, round: TenantRound, results: SendResult[], workerId: string) {
  const { tenantId } = round.cursor;
  const retries = new Map<number, { deviceIds: string[]; afterMs: number; errors: string[] }>();
  for (const result of results) {
    if (result.status !== 'retry') continue;
    const owed = retries.get(result.planned.seq) ?? { deviceIds: [], afterMs: 0, errors: [] };
    owed.deviceIds.push(result.planned.device.id);
    owed.afterMs = Math.max(owed.afterMs, result.afterMs);
    owed.errors.push(result.error);
    retries.set(result.planned.seq, owed);
  }
  await withTenant(deps.sql, tenantId, async (tx) => {
    for (const result of results) {
      if (result.status === 'dead') {
        await dropDeadFcmToken(tx, tenantId, result.planned.device.id, result.planned.device.fcmToken);
      }
    }
    for (const [seq, owed] of retries) {
      // The send just made was the first attempt.
      await enqueueJob(tx, tenantId, {
        kind: PUSH_EVENT_JOB,
        payload: { seq, deviceIds: [...new Set(owed.deviceIds)] },
        dedupeKey: String(seq),
        attempts: 1,
        delayMs: retryDelayMs(1, owed.afterMs),
      });
    }
    if (!(await advancePushCursor(tx, tenantId, workerId, round.upto))) throw new LeaseLostError();
  });
}

/** One round; returns whether it was full (more may be due at once). */
export async function runLogRound(
  deps: WorkerDeps,
  rateLimit: DeviceRateLimit,
  options: LogRoundOptions,
): Promise<boolean> {
  const { workerId } = options;
  const cursors = await claimPushCursors(deps.sql, {
    graceMs: deps.pushGraceMs,
    limit: options.tenants,
    leaseSeconds: options.leaseSeconds,
    workerId,
  });
  if (cursors.length === 0) return false;
  const now = new Date();
  const rounds: TenantRound[] = [];
  for (const cursor of cursors) {
    try {
      rounds.push(await planTenant(deps, cursor, options.events, now));
    } catch (error) {
      // Nothing was sent for it: give the tenant back for the next round.
      deps.logger.error({ err: error, tenantId: cursor.tenantId }, 'push round could not read a tenant');
      await releasePushCursor(deps.sql, cursor.tenantId, workerId).catch(() => {});
    }
  }
  const planned = rounds.flatMap((round) => round.sends);
  const results = planned.length ? await sendPushes(deps, rateLimit, planned) : [];
  await options.afterSend?.();
  let at = 0;
  for (const round of rounds) {
    const own = results.slice(at, at + round.sends.length);
    at += round.sends.length;
    try {
      await recordTenant(deps, round, own, workerId);
    } catch (error) {
      // The lease stays until it runs out; whoever takes the tenant then sends this batch again.
      if (error instanceof LeaseLostError) {
        deps.logger.warn({ tenantId: round.cursor.tenantId }, 'push lease ran out mid-round; the batch may go twice');
      } else {
        deps.logger.error({ err: error, tenantId: round.cursor.tenantId }, 'push round could not record a tenant');
      }
    }
  }
  return (
    cursors.length === options.tenants || rounds.some((round) => round.upto - round.cursor.lastSeq >= options.events)
  );
}
