// The one way a state change is written: in a tenant transaction, with its
// events appended in the same transaction, published only after commit.
import { appendEvent, type EventRow, type NewEvent, type Sql, type Tx, withTenant } from '@relay/db';
import { type EventPublisher, publishSafely } from './publisher.ts';

export type Emit = (event: NewEvent) => Promise<EventRow>;

export async function writeWithEvents<T>(
  deps: { sql: Sql; publisher: EventPublisher; onPublishError: (error: unknown) => void },
  tenantId: string,
  fn: (tx: Tx, emit: Emit) => Promise<T>,
): Promise<T> {
  const events: EventRow[] = [];
  const result = await withTenant(deps.sql, tenantId, (tx) =>
    fn(tx, async (event) => {
      const row = await appendEvent(tx, tenantId, event);
      events.push(row);
      return row;
    }),
  );
  await publishSafely(deps.publisher, events, deps.onPublishError);
  return result;
}
