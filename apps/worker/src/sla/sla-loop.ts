// The SLA engine: fires `sla.warning` and `sla.breached` within a second of
// their moments. Each tick scans every tenant's due moments on the partial
// indexes of migration 0006 (outside any tenant transaction), fires each
// tenant's due conversations together in one transaction of that tenant (one
// statement locks and records them, one appends their events: the tenant's
// seq moves once per tick), then sleeps exactly until the next moment — but
// never longer than maxSleepMs, so moments written by other processes (new
// conversations, replies) are seen within that bound. Several workers may run
// it at once: SKIP LOCKED splits the rows between them and the unique key of
// sla_events keeps each event to one.
//
// Tenants are fired concurrently: each transaction touches only its own
// tenant's rows (its conversations, its sla_events, its seq counter), so they
// cannot deadlock one another, and a tenant whose seq row is held by its own
// ingest delays only its own firings. (On the embedded database the one
// backend takes them in turn anyway.) A batch that fails is fired again
// conversation by conversation, so one bad conversation fails alone; it is
// then fired alone on later ticks while it stays due, and the rest of its
// tenant batches again.
import { findDueSlaConversations, fireDueSla, isDependencyUnavailable, msUntilNextSlaMoment } from '@relay/db';
import { conversationAudience, conversationPayload, writeWithEvents } from '@relay/realtime';
import type { WorkerDeps } from '../deps.ts';
import { type Loop, startPollLoop } from '../loops/poll-loop.ts';

const BATCH = 100;
/** After a row was held by another worker (or fired by it meanwhile), look again soon, not at once. */
const RETRY_SOON_MS = 50;

/** Per scanned conversation: fired, nothing to fire (or held by another worker), or failed. */
type Outcome = 'fired' | 'nothing' | 'failed';

const EVENT_TYPES = { warning: 'sla.warning', breach: 'sla.breached' } as const;

/** Fires whatever is due on these conversations of one tenant, in one tenant transaction. */
async function fireBatch(deps: WorkerDeps, tenantId: string, ids: string[]): Promise<Outcome[]> {
  const fired = await writeWithEvents(deps, tenantId, async (tx, emit) => {
    const rows = await fireDueSla(tx, tenantId, ids);
    for (const { conversation, firing, event } of rows) {
      await emit({
        type: EVENT_TYPES[firing.event],
        conversationId: conversation.id,
        audience: conversationAudience(conversation),
        payload: { ...conversationPayload(conversation), kind: firing.kind, dueAt: firing.dueAt, at: event.at },
      });
    }
    return rows;
  });
  for (const { firing, event } of fired) {
    const lateness = (event.at.getTime() - firing.moment.getTime()) / 1000;
    deps.metrics.slaEventLateness.observe({ kind: firing.kind, event: firing.event }, Math.max(0, lateness));
  }
  const firedIds = new Set(fired.map(({ conversation }) => conversation.id));
  return ids.map((id) => (firedIds.has(id) ? 'fired' : 'nothing'));
}

/** An outage fails every conversation alike: it goes up, and the loop backs off and logs it once. */
function rethrowOutage(error: unknown): void {
  if (isDependencyUnavailable(error)) throw error;
}

/** One conversation in a transaction of its own; its failure is logged and counted, not thrown. */
async function fireAlone(deps: WorkerDeps, tenantId: string, id: string, suspects: Set<string>): Promise<Outcome> {
  try {
    const [outcome] = await fireBatch(deps, tenantId, [id]);
    suspects.delete(id);
    return outcome ?? 'nothing';
  } catch (error) {
    rethrowOutage(error);
    suspects.add(id);
    deps.logger.error({ err: error, tenantId, conversationId: id }, 'firing an SLA event failed');
    return 'failed';
  }
}

/**
 * A tenant's due conversations: together in one transaction, except those that
 * failed alone before (suspects), which go alone again. A batch that fails
 * falls back to one transaction per conversation.
 */
async function fireTenant(
  deps: WorkerDeps,
  tenantId: string,
  ids: string[],
  suspects: Set<string>,
): Promise<Outcome[]> {
  const alone = ids.filter((id) => suspects.has(id));
  const together = ids.filter((id) => !suspects.has(id));
  const batch = async (): Promise<Outcome[]> => {
    if (together.length === 0) return [];
    if (together.length === 1) return [await fireAlone(deps, tenantId, together[0] as string, suspects)];
    try {
      return await fireBatch(deps, tenantId, together);
    } catch (error) {
      rethrowOutage(error);
      deps.logger.warn(
        { err: error, tenantId, conversations: together.length },
        "firing a tenant's SLA batch failed: firing its conversations one by one",
      );
      return Promise.all(together.map((id) => fireAlone(deps, tenantId, id, suspects)));
    }
  };
  const [batched, ...single] = await Promise.all([
    batch(),
    ...alone.map((id) => fireAlone(deps, tenantId, id, suspects)),
  ]);
  return [...(batched ?? []), ...single];
}

export function startSlaLoop(deps: WorkerDeps, opts: { maxSleepMs?: number } = {}): Loop {
  const maxSleepMs = opts.maxSleepMs ?? 1000;
  /** Conversations whose firing failed alone: they go alone while they stay due, so they cannot fail a batch. */
  let suspects = new Set<string>();
  return startPollLoop({
    name: 'sla',
    logger: deps.logger,
    pollMs: maxSleepMs,
    async tick() {
      const due = await findDueSlaConversations(deps.sql, BATCH);
      // One no longer due (fired, answered, deleted) is no longer suspect.
      suspects = new Set(due.filter(({ id }) => suspects.has(id)).map(({ id }) => id));
      const byTenant = new Map<string, string[]>();
      for (const { tenantId, id } of due) byTenant.set(tenantId, [...(byTenant.get(tenantId) ?? []), id]);
      const outcomes = (
        await Promise.all([...byTenant].map(([tenantId, ids]) => fireTenant(deps, tenantId, ids, suspects)))
      ).flat();
      // A full batch that made progress: more may be waiting right behind it.
      if (due.length === BATCH && outcomes.includes('fired')) return { again: true };
      // A failing row stays due: wait the full bound instead of spinning on it.
      if (outcomes.includes('failed')) return { sleepMs: maxSleepMs };
      if (outcomes.includes('nothing')) return { sleepMs: RETRY_SOON_MS };
      const next = await msUntilNextSlaMoment(deps.sql);
      return { sleepMs: next === null ? maxSleepMs : Math.max(0, Math.ceil(next)) };
    },
  });
}
