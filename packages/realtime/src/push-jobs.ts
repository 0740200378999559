// Which events may need a push, decided where every event is written: such an
// event queues a push job in the same transaction, due once the devices' ack
// grace has passed. Whether anyone still needs it (who, which devices, acked
// or not) is the worker's question at that moment, not the writer's.
import { type EventRow, enqueueJob, PUSH_EVENT_JOB, type Tx } from '@relay/db';

/** The default grace (PUSH_GRACE_MS) when a writer was not given one. */
export const DEFAULT_PUSH_GRACE_MS = 3000;

export function needsAttention(event: Pick<EventRow, 'type' | 'payload'>): boolean {
  switch (event.type) {
    case 'message.created': {
      const message = event.payload.message as { direction?: string } | undefined;
      return message?.direction === 'inbound';
    }
    case 'conversation.assigned': {
      const { operatorId, assignedBy } = event.payload as { operatorId?: string | null; assignedBy?: string | null };
      // Taking a conversation yourself needs no notification.
      return Boolean(operatorId) && operatorId !== assignedBy;
    }
    case 'note.created': {
      const { mentions } = event.payload as { mentions?: unknown[] };
      return (mentions?.length ?? 0) > 0;
    }
    case 'sla.warning':
    case 'sla.breached':
      return true;
    default:
      return false;
  }
}

export async function queuePushIfNeeded(tx: Tx, event: EventRow, graceMs: number): Promise<void> {
  if (!needsAttention(event)) return;
  await enqueueJob(tx, event.tenantId, {
    kind: PUSH_EVENT_JOB,
    payload: { seq: event.seq },
    dedupeKey: String(event.seq),
    delayMs: graceMs,
  });
}
