// The one way a state change is written: in a tenant transaction, with its
// events appended in the same transaction (and, for an event that may need a
// push, its push job), published only after commit. Events emitted during the
// transaction are gathered and appended at its end in one statement, so the
// tenant's seq lock is held for that statement and the commit only.
import { appendEvents, type EventRow, type NewEvent, type Sql, type Tx, withTenant } from '@relay/db';
import { type EventPublisher, type PublishErrorHandler, publishSafely } from './publisher.ts';
import { DEFAULT_PUSH_GRACE_MS, queuePushIfNeeded } from './push-jobs.ts';

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
    for (const row of events) await queuePushIfNeeded(tx, row, deps.pushGraceMs ?? DEFAULT_PUSH_GRACE_MS);
    return value;
  });
  await publishSafely(deps.publisher, events, deps.onPublishError);
  return result;
}
