// The SLA engine: fires `sla.warning` and `sla.breached` within a second of
// their moments. Each tick scans every tenant's due moments on the partial
// indexes of migration 0006 (outside any tenant transaction), fires each
// conversation's in its tenant's own transaction, then sleeps exactly until
// the next moment — but never longer than maxSleepMs, so moments written by
// other processes (new conversations, replies) are seen within that bound.
// Several workers may run it at once: SKIP LOCKED splits the rows between
// them and the unique key of sla_events keeps each event to one.
import {
  findDueSlaConversations,
  isDependencyUnavailable,
  lockConversationForSla,
  msUntilNextSlaMoment,
  recordSlaFiring,
  type SlaEventRow,
  type SlaFiring,
} from '@relay/db';
import { conversationAudience, conversationPayload, writeWithEvents } from '@relay/realtime';
import { type Loop, startPollLoop } from '../loops/poll-loop.ts';
import type { WorkerDeps } from '../worker.ts';

const BATCH = 100;
/** After a row was held by another worker (or fired by it meanwhile), look again soon, not at once. */
const RETRY_SOON_MS = 50;

type Outcome = 'fired' | 'nothing' | 'locked' | 'failed';

const EVENT_TYPES = { warning: 'sla.warning', breach: 'sla.breached' } as const;

/** Fires whatever is due on one conversation, in one tenant transaction. */
async function fireConversation(deps: WorkerDeps, tenantId: string, id: string): Promise<Outcome> {
  const fired = await writeWithEvents(deps, tenantId, async (tx, emit) => {
    const locked = await lockConversationForSla(tx, tenantId, id);
    if (!locked) return undefined;
    let conversation = locked.conversation;
    const recorded: { firing: SlaFiring; event: SlaEventRow }[] = [];
    for (const firing of locked.firings) {
      const result = await recordSlaFiring(tx, tenantId, id, firing);
      conversation = result.conversation;
      if (result.event) recorded.push({ firing, event: result.event });
    }
    for (const { firing, event } of recorded) {
      await emit({
        type: EVENT_TYPES[firing.event],
        conversationId: id,
        audience: conversationAudience(conversation),
        payload: { ...conversationPayload(conversation), kind: firing.kind, dueAt: firing.dueAt, at: event.at },
      });
    }
    return recorded;
  });
  if (!fired) return 'locked';
  for (const { firing, event } of fired) {
    const lateness = (event.at.getTime() - firing.moment.getTime()) / 1000;
    deps.metrics.slaEventLateness.observe({ kind: firing.kind, event: firing.event }, Math.max(0, lateness));
  }
  return fired.length > 0 ? 'fired' : 'nothing';
}

export function startSlaLoop(deps: WorkerDeps, opts: { maxSleepMs?: number } = {}): Loop {
  const maxSleepMs = opts.maxSleepMs ?? 1000;
  return startPollLoop({
    name: 'sla',
    logger: deps.logger,
    pollMs: maxSleepMs,
    async tick() {
      const due = await findDueSlaConversations(deps.sql, BATCH);
      const outcomes = await Promise.all(
        due.map(({ tenantId, id }) =>
          fireConversation(deps, tenantId, id).catch((error): Outcome => {
            // An outage fails every conversation alike: the loop backs off and logs it once.
            if (isDependencyUnavailable(error)) throw error;
            deps.logger.error({ err: error, tenantId, conversationId: id }, 'firing an SLA event failed');
            return 'failed';
          }),
        ),
      );
      // A full batch that made progress: more may be waiting right behind it.
      if (due.length === BATCH && outcomes.includes('fired')) return { again: true };
      // A failing row stays due: wait the full bound instead of spinning on it.
      if (outcomes.includes('failed')) return { sleepMs: maxSleepMs };
      if (outcomes.includes('locked') || outcomes.includes('nothing')) return { sleepMs: RETRY_SOON_MS };
      const next = await msUntilNextSlaMoment(deps.sql);
      return { sleepMs: next === null ? maxSleepMs : Math.max(0, Math.ceil(next)) };
    },
  });
}
