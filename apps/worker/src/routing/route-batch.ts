// One routing transaction for one queue of one tenant: lock the queue (two
// workers take turns on it), lock the members who may take work and count
// their loads, take a bounded batch of conversations (the waiting line, or the
// overdue ones of assignees gone offline) and hand each on with
// @relay/inbox's assignConversation, exactly as an assignment by hand. Events are appended last: the
// tenant's event counter stays locked from the first one until commit.
import {
  type ConversationRow,
  lockQueueForRouting,
  lockRoutingCandidates,
  moveRoutingCursor,
  type NewEvent,
  type RoutingCandidate,
  takeOverdueConversations,
  takeWaitingConversations,
} from '@relay/db';
import { assignConversation, SYSTEM } from '@relay/inbox';
import { type OperatorPresence, writeWithEvents } from '@relay/realtime';
import type { WorkerDeps } from '../deps.ts';
import { pickOperator } from './pick-operator.ts';

/** Conversations per transaction: bounded, since the tenant's event counter is locked until commit. */
export const ROUTING_BATCH = 50;

export const OFFLINE_REASON = 'assignee offline';

export type BatchSource =
  /** The queue's unassigned conversations; stops when nobody has room. */
  | { from: 'waiting' }
  /** These assignees' overdue conversations; those nobody can take go back to the queue. */
  | { from: 'offline'; operatorIds: string[]; graceMs: number };

/** What one batch did, by assignment kind ('offline_return': sent back to the queue), and whether a full batch was taken. */
export type BatchResult = { moved: Map<string, number>; full: boolean };

export async function routeBatch(
  deps: WorkerDeps,
  tenantId: string,
  queueId: string | null,
  online: Map<string, OperatorPresence>,
  source: BatchSource,
): Promise<BatchResult> {
  const moved = new Map<string, number>();
  const count = (kind: string) => moved.set(kind, (moved.get(kind) ?? 0) + 1);
  // Only a live socket with the availability the operator chose as online makes them routable.
  const onlineIds = [...online].filter(([, presence]) => presence.status === 'online').map(([id]) => id);

  const taken = await writeWithEvents(deps, tenantId, async (tx, emit) => {
    const queue = queueId ? await lockQueueForRouting(tx, tenantId, queueId) : undefined;
    if (queueId && !queue) return 0;
    const mode = queue && queue.routingMode !== 'manual' ? queue.routingMode : undefined;
    const candidates: RoutingCandidate[] =
      mode && queueId ? await lockRoutingCandidates(tx, tenantId, queueId, onlineIds) : [];
    const room = candidates.reduce((sum, c) => sum + Math.max(0, c.capacity - c.load), 0);

    let conversations: ConversationRow[];
    if (source.from === 'waiting') {
      if (!queueId || room === 0) return 0;
      conversations = await takeWaitingConversations(tx, tenantId, queueId, Math.min(ROUTING_BATCH, room));
    } else {
      conversations = await takeOverdueConversations(tx, tenantId, {
        queueId,
        operatorIds: source.operatorIds,
        graceMs: source.graceMs,
        limit: ROUTING_BATCH,
      });
    }

    const startCursor = queue?.lastAssignedOperatorId ?? null;
    let cursor = startCursor;
    const events: NewEvent[] = [];
    for (const current of conversations) {
      const pick = mode ? pickOperator(mode, candidates, cursor) : undefined;
      if (!pick && source.from === 'waiting') break;
      if (pick) {
        pick.load += 1;
        cursor = pick.id;
      }
      const to = pick?.id ?? null;
      const routing = source.from === 'waiting' ? (mode ?? 'round_robin') : 'offline_reassign';
      const reason = source.from === 'offline' ? OFFLINE_REASON : null;
      // The events wait in `events`: appended after every write, below.
      const { kind } = await assignConversation(tx, async (event) => events.push(event), {
        tenantId,
        conversation: current,
        to,
        reason,
        actor: SYSTEM,
        routing,
      });
      count(to === null ? 'offline_return' : kind);
    }
    if (queueId && cursor && cursor !== startCursor) await moveRoutingCursor(tx, tenantId, queueId, cursor);
    for (const event of events) await emit(event);
    return conversations.length;
  });
  return { moved, full: taken === ROUTING_BATCH };
}
