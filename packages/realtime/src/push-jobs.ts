// Which events may need a push: the one rule, applied by the worker as it
// reads each tenant's event log once the devices' ack grace has passed
// (apps/worker/src/push). Whether anyone still needs it (who, which devices,
// acked or not) is the worker's question at that moment, not the writer's.
import type { EventRow } from '@relay/db';
import { loggedEvent } from './logged-event.ts';

/** The default grace (PUSH_GRACE_MS) when none was given. */
export const DEFAULT_PUSH_GRACE_MS = 3000;

/** The event types needsAttention may say yes to: the log reader filters by these in SQL first. */
export const PUSH_EVENT_TYPES = [
  'message.created',
  'conversation.assigned',
  'note.created',
  'sla.warning',
  'sla.breached',
] as const;

export function needsAttention(row: Pick<EventRow, 'type' | 'payload'>): boolean {
  const event = loggedEvent(row);
  switch (event?.type) {
    case 'message.created':
      return event.payload.message?.direction === 'inbound';
    case 'conversation.assigned': {
      const { operatorId, assignedBy } = event.payload;
      // Taking a conversation yourself needs no notification.
      return Boolean(operatorId) && operatorId !== assignedBy;
    }
    case 'note.created':
      return (event.payload.mentions?.length ?? 0) > 0;
    case 'sla.warning':
    case 'sla.breached':
      return true;
    default:
      return false;
  }
}
