// Group commit for webhooks. A verified webhook is queued here and answered
// when the transaction that stored it commits. Up to `concurrency` batches
// are in flight per process, each on a connection of its own (one on the
// embedded database, whose single session serialises everything anyway):
// while they are, arrivals gather, and when one commits the next batch starts
// at once with everything gathered (natural batching: no timer, so an idle
// server adds no latency, and a busy one writes hundreds of messages per
// transaction, per seq allocation and per Redis round trip).
//
// - A tenant is in at most one batch in flight: its deliveries commit in the
//   order they arrived, and two batches never wait on one tenant's seq lock.
//
// - Fairness: deliveries wait in one queue per tenant and a batch takes them
//   round robin, so one tenant's burst cannot starve the others.
// - Isolation: a batch that fails is retried delivery by delivery, each in a
//   transaction of its own, so one bad message fails alone with its own error
//   while the rest commit. An outage (the database unreachable) fails the
//   whole batch at once instead: retrying would only wait longer. A message
//   another process stored between the batch's lookup and its insert fails
//   it too (the insert waits for no answer, so it cannot skip the row): the
//   retry finds that message stored and counts it a duplicate.
// - Nothing is acknowledged before its commit; a crash before the commit
//   loses only unacknowledged webhooks, which their providers retry.
import { isDependencyUnavailable, storedMeanwhile } from '@relay/db';
import { type InboundDelivery, type IngestResult, ingestInbound } from '@relay/inbox';
import { type EventWriter, writeTenantsWithEvents } from '@relay/realtime';

/**
 * The Server-Timing header of a webhook's answer (W3C Server Timing): read (from the request's
 * start to the batcher: body, signature, parse), queue (waiting for its batch), db (the batch's
 * transaction to its commit), publish (the events to Redis), in milliseconds, and the batch's size.
 */
export function serverTimingOf(requestStartedAt: number, timing: IngestTiming): string | undefined {
  const { submittedAt, startedAt, committedAt, publishedAt, batch } = timing;
  if (submittedAt === undefined || startedAt === undefined || committedAt === undefined || publishedAt === undefined)
    return undefined;
  const dur = (ms: number) => Math.max(0, ms).toFixed(2);
  return (
    `read;dur=${dur(submittedAt - requestStartedAt)}, queue;dur=${dur(startedAt - submittedAt)}, ` +
    `db;dur=${dur(committedAt - startedAt)}, publish;dur=${dur(publishedAt - committedAt)}, batch;desc=${batch}`
  );
}

/** The most inbound events a batch takes (a delivery is never split; the first one always fits). */
export const MAX_BATCH_EVENTS = 256;

/**
 * Where one delivery's time went, as performance.now() moments filled in by the batcher: the
 * webhook's answer carries them as a Server-Timing header (serverTimingOf), so a provider's
 * logs, a browser and the bench see queue, database and publish time per request.
 */
export type IngestTiming = {
  /** Handed to the batcher. */
  submittedAt?: number;
  /** Its batch's transaction began. */
  startedAt?: number;
  /** The transaction committed (the publish began). */
  committedAt?: number;
  /** The events were published (the answer can go). */
  publishedAt?: number;
  /** Deliveries in its batch. */
  batch?: number;
};

type Pending = {
  delivery: InboundDelivery;
  size: number;
  timing: IngestTiming | undefined;
  resolve: (result: IngestResult) => void;
  reject: (error: unknown) => void;
};

export type IngestBatcherMetrics = {
  /** relay_ingest_batch_deliveries: deliveries per committed batch. */
  batchDeliveries?: { observe(value: number): void };
  /** relay_ingest_batch_retries_total: batches that failed and were retried delivery by delivery. */
  batchRetries?: { inc(): void };
};

export type IngestBatcher = {
  /** Stores a verified webhook's events; resolves after the commit that holds them. timing is filled in on the way. */
  submit(delivery: InboundDelivery, timing?: IngestTiming): Promise<IngestResult>;
  /** Deliveries waiting for a batch (not counting the one in flight). */
  waiting(): number;
};

export function createIngestBatcher(
  writer: EventWriter,
  opts: { maxBatchEvents?: number; metrics?: IngestBatcherMetrics; concurrency?: number } = {},
): IngestBatcher {
  const maxEvents = opts.maxBatchEvents ?? MAX_BATCH_EVENTS;
  const concurrency = Math.max(1, opts.concurrency ?? 1);
  const queues = new Map<string, Pending[]>();
  /** Tenants with a batch in flight: their next deliveries wait for it. */
  const inFlight = new Set<string>();
  let waitingCount = 0;
  let running = 0;

  function take(): Pending[] {
    const batch: Pending[] = [];
    let events = 0;
    // Round robin over the tenants with work and no batch in flight, one delivery each per round.
    while (queues.size > 0) {
      let tookAny = false;
      for (const tenantId of [...queues.keys()]) {
        if (inFlight.has(tenantId)) continue;
        const queue = queues.get(tenantId) as Pending[];
        const next = queue[0] as Pending;
        if (batch.length > 0 && events + next.size > maxEvents) continue;
        queue.shift();
        waitingCount--;
        batch.push(next);
        events += next.size;
        tookAny = true;
        // Delete and re-insert: the tenant goes to the back of the rotation.
        queues.delete(tenantId);
        if (queue.length > 0) queues.set(tenantId, queue);
        if (events >= maxEvents) return batch;
      }
      if (!tookAny) break;
    }
    return batch;
  }

  async function write(batch: Pending[]): Promise<IngestResult[]> {
    const byTenant = new Map<string, Pending[]>();
    for (const pending of batch) {
      const tenantId = pending.delivery.account.tenantId;
      const group = byTenant.get(tenantId) ?? [];
      group.push(pending);
      byTenant.set(tenantId, group);
    }
    const groups = [...byTenant.entries()];
    const startedAt = performance.now();
    let committedAt: number | undefined;
    // The publish starts right after the commit: its call marks the commit's moment.
    const timed: EventWriter = {
      ...writer,
      publisher: {
        publish: (events) => {
          committedAt = performance.now();
          return writer.publisher.publish(events);
        },
      },
    };
    const results = await writeTenantsWithEvents(timed, (steps, emit) =>
      ingestInbound(
        steps,
        emit,
        groups.map(([tenantId, group]) => ({ tenantId, deliveries: group.map((p) => p.delivery) })),
      ),
    );
    const publishedAt = performance.now();
    for (const pending of batch) {
      if (!pending.timing) continue;
      Object.assign(pending.timing, {
        startedAt,
        committedAt: committedAt ?? publishedAt,
        publishedAt,
        batch: batch.length,
      });
    }
    const byPending = new Map<Pending, IngestResult>();
    for (const [g, [, group]] of groups.entries()) {
      for (const [i, pending] of group.entries())
        byPending.set(pending, (results[g] as IngestResult[])[i] as IngestResult);
    }
    return batch.map((pending) => byPending.get(pending) as IngestResult);
  }

  /** One delivery in a batch of its own, written once more if a provider id was stored meanwhile. */
  async function writeAlone(pending: Pending): Promise<IngestResult> {
    try {
      return (await write([pending]))[0] as IngestResult;
    } catch (error) {
      if (!storedMeanwhile(error)) throw error;
      return (await write([pending]))[0] as IngestResult;
    }
  }

  async function runBatch(batch: Pending[]) {
    try {
      const results = await write(batch);
      opts.metrics?.batchDeliveries?.observe(batch.length);
      for (const [i, pending] of batch.entries()) pending.resolve(results[i] as IngestResult);
      return;
    } catch (error) {
      if (isDependencyUnavailable(error) || (batch.length === 1 && !storedMeanwhile(error))) {
        for (const pending of batch) pending.reject(error);
        return;
      }
    }
    // One of them failed the batch (or another process stored one of its messages first): each
    // alone, so only a bad one fails.
    if (batch.length > 1) opts.metrics?.batchRetries?.inc();
    for (const pending of batch) {
      try {
        const result = await writeAlone(pending);
        opts.metrics?.batchDeliveries?.observe(1);
        pending.resolve(result);
      } catch (error) {
        pending.reject(error);
      }
    }
  }

  /** Starts batches while a slot is free and something can be taken. */
  function pump() {
    while (running < concurrency) {
      const batch = take();
      if (batch.length === 0) return;
      const tenants = new Set(batch.map((pending) => pending.delivery.account.tenantId));
      for (const tenantId of tenants) inFlight.add(tenantId);
      running++;
      void runBatch(batch).finally(() => {
        running--;
        for (const tenantId of tenants) inFlight.delete(tenantId);
        pump();
      });
    }
  }

  return {
    submit(delivery, timing) {
      if (timing) timing.submittedAt = performance.now();
      return new Promise<IngestResult>((resolve, reject) => {
        const tenantId = delivery.account.tenantId;
        const size = Math.max(1, delivery.events.length);
        const pending: Pending = { delivery, size, timing, resolve, reject };
        const queue = queues.get(tenantId);
        if (queue) queue.push(pending);
        else queues.set(tenantId, [pending]);
        waitingCount++;
        pump();
      });
    },
    waiting: () => waitingCount,
  };
}
