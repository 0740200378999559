// The one way a state change is written: in a tenant transaction, with its
// events appended in the same transaction, published only after commit (push
// fallback reads them from the log: apps/worker/src/push). Events emitted
// during the transaction are gathered and appended at its end in one statement, so the
// tenant's seq lock is held for that statement and the commit only.
import {
  appendEvents,
  appendTenantEvents,
  type EventRow,
  type NewEvent,
  pipelinedTransaction,
  type Sql,
  type TenantSteps,
  type Tx,
  tenantSteps,
  withTenant,
} from '@relay/db';
import { type EventPublisher, type PublishErrorHandler, publishSafely } from './publisher.ts';

export type Emit = (event: NewEvent) => Promise<void>;

export type EventWriter = {
  sql: Sql;
  publisher: EventPublisher;
  /** Counts and logs a publish that failed; it never throws (publishFailureReporter). */
  onPublishError: PublishErrorHandler;
  /** How long devices have to ack before a push goes (PUSH_GRACE_MS). */
  pushGraceMs?: number | undefined;
};

export async function writeWithEvents<T>(
  deps: EventWriter,
  tenantId: string,
  fn: (tx: Tx, emit: Emit) => Promise<T>,
): Promise<T> {
  let events: EventRow[] = [];
  const result = await withTenant(deps.sql, tenantId, async (tx) => {
    const emitted: NewEvent[] = [];
    const value = await fn(tx, async (event) => {
      emitted.push(event);
    });
    events = await appendEvents(tx, tenantId, emitted);
    return value;
  });
  await publishSafely(deps.publisher, events, deps.onPublishError);
  return result;
}

/** An emit for a write over several tenants: which tenant's log the event goes to. */
export type TenantEmit = (tenantId: string, event: NewEvent) => Promise<void>;

/**
 * Several tenants' writes in ONE transaction (group-commit ingest). fn works
 * through TenantSteps (multi-tenant statements as the schema owner, the rare
 * paths inside their tenant) and emits each event to its tenant; then every
 * tenant's events are appended in one statement, the tenants' seq counters
 * locked in tenant id order, so two batches cannot deadlock on them, and
 * each lock is held from that statement to the commit. The transaction is
 * pipelined (pipelinedTransaction): the append and the COMMIT go out behind
 * whatever fn left in flight (TenantSteps.later), in one write. One commit;
 * the events of all are published after it. If fn throws or a statement
 * fails, nothing of the batch is written.
 */
export async function writeTenantsWithEvents<T>(
  deps: EventWriter,
  fn: (steps: TenantSteps, emit: TenantEmit) => Promise<T>,
): Promise<T> {
  let appended: Promise<EventRow[]> = Promise.resolve([]);
  const result = await pipelinedTransaction(deps.sql, async (pipeline) => {
    const emitted = new Map<string, NewEvent[]>();
    const steps = tenantSteps(pipeline);
    const value = await fn(steps, async (tenantId, event) => {
      const mine = emitted.get(tenantId);
      if (mine) mine.push(event);
      else emitted.set(tenantId, [event]);
    });
    // appendTenantEvents locks the counters in tenant id order itself, whatever order they come in.
    const groups = [...emitted].map(([tenantId, list]) => ({ tenantId, events: list }));
    appended = steps.later(steps.system(() => appendTenantEvents(pipeline.tx, groups)));
    return value;
  });
  await publishSafely(deps.publisher, await appended, deps.onPublishError);
  return result;
}
