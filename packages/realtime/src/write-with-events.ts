// The one way a state change is written: in a tenant transaction, with its
// events appended in the same transaction (and, for an event that may need a
// push, its push job), published only after commit.
import { appendEvent, type EventRow, type NewEvent, type Sql, type Tx, withTenant } from '@relay/db';
import { type EventPublisher, type PublishErrorHandler, publishSafely } from './publisher.ts';
import { DEFAULT_PUSH_GRACE_MS, queuePushIfNeeded } from './push-jobs.ts';

export type Emit = (event: NewEvent) => Promise<EventRow>;

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
  const events: EventRow[] = [];
  const result = await withTenant(deps.sql, tenantId, (tx) =>
    fn(tx, async (event) => {
      const row = await appendEvent(tx, tenantId, event);
      await queuePushIfNeeded(tx, row, deps.pushGraceMs ?? DEFAULT_PUSH_GRACE_MS);
      events.push(row);
      return row;
    }),
  );
  await publishSafely(deps.publisher, events, deps.onPublishError);
  return result;
}
