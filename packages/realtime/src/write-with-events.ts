// The one way a state change is written: in a tenant transaction, with its
// events appended in the same transaction, published only after commit (push
// fallback reads them from the log: apps/worker/src/push). Events emitted
// during the transaction are gathered and appended at its end in one statement, so the
// tenant's seq lock is held for that statement and the commit only.
import { appendEvents, type EventRow, enterTenant, type NewEvent, type Sql, type Tx, withTenant } from '@relay/db';
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

/** One tenant's share of a batch: run with the transaction pointed at that tenant. */
export type TenantWork<T> = { tenantId: string; run: (tx: Tx, emit: Emit) => Promise<T> };

/**
 * Several tenants' writes in ONE transaction (group-commit ingest): each
 * work runs with the transaction entered into its tenant (row-level security
 * holds statement by statement), in tenant id order; then every tenant's
 * events are appended, again in tenant id order, so two batches take the
 * tenants' seq locks in the same order and cannot deadlock, and each lock is
 * held from its one statement to the commit. One commit; the events of all
 * are published after it. Results come back in the works' order. If any work
 * throws, nothing of the batch is written.
 */
export async function writeBatchWithEvents<T>(deps: EventWriter, works: readonly TenantWork<T>[]): Promise<T[]> {
  const order = works.map((_, i) => i).sort((a, b) => compareIds(works[a]?.tenantId, works[b]?.tenantId));
  const results: T[] = new Array(works.length);
  let events: EventRow[] = [];
  await deps.sql.begin(async (tx) => {
    const emitted: NewEvent[][] = works.map(() => []);
    let entered: string | undefined;
    for (const i of order) {
      const work = works[i] as TenantWork<T>;
      const entering = entered === work.tenantId ? undefined : enterTenant(tx, work.tenantId);
      entered = work.tenantId;
      // The tenant's setting goes out with the work's first statements (no round trip of its own).
      const [, result] = await Promise.all([
        entering,
        work.run(tx, async (event) => {
          emitted[i]?.push(event);
        }),
      ]);
      results[i] = result;
    }
    // Every tenant's append is sent at once, in tenant order (one write, one wait), each after
    // its tenant's setting; the statements still run one after another on the connection.
    const appends: Promise<unknown>[] = [];
    for (const i of order) {
      const work = works[i] as TenantWork<T>;
      const mine = emitted[i] as NewEvent[];
      if (mine.length === 0) continue;
      if (entered !== work.tenantId) appends.push(enterTenant(tx, work.tenantId));
      entered = work.tenantId;
      appends.push(appendEvents(tx, work.tenantId, mine));
    }
    const appended = await Promise.all(appends);
    events = appended.filter((rows): rows is EventRow[] => Array.isArray(rows)).flat();
  });
  await publishSafely(deps.publisher, events, deps.onPublishError);
  return results;
}

const compareIds = (a = '', b = '') => (a < b ? -1 : a > b ? 1 : 0);
