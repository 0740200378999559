// Decides, once an event's ack grace has passed, which devices get a push and
// what it says. Recipients per SPEC §4: a new inbound message or an SLA
// warning/breach goes to the assignee, or, unassigned, to the queue's members
// who chose to be online; an assignment to the new assignee (while it still
// is); a note to the operators it mentions. Then per recipient: muted or in
// quiet hours → nothing; any of their sockets acked the event's seq (an open
// screen has seen it) → nothing; otherwise each device with an FCM token.
//
// Two steps: what the database says (loadPushTargets, inside the tenant's
// transaction, a round of events at once) and what the acks and the clock say
// (decidePush, outside it, so no transaction waits on Redis).
import {
  availableQueueMembers,
  type EventRow,
  loadPushConversations,
  loadPushEvent,
  operatorNames,
  type PUSH_EVENT_JOB,
  type PushConversation,
  type PushDevice,
  pushDevicesOf,
  type Queryable,
  withTenant,
} from '@relay/db';
import type { PushMessage } from '@relay/push';
import { type AckStore, loggedEvent } from '@relay/realtime';
import type { WorkerDeps } from '../deps.ts';
import type { ClaimedJob } from '../jobs/claim-parsed-jobs.ts';
import { pushText } from './push-text.ts';
import { doNotDisturb } from './quiet-hours.ts';

export type PlannedPush = { seq: number; device: PushDevice; message: PushMessage };
export type PushPlan = { sends: PlannedPush[]; skipped: string[] };

/** An event with its conversation as it is now, the devices of whoever should hear of it, and a note's author. */
export type PushTarget = {
  event: EventRow;
  conversation: PushConversation;
  devices: PushDevice[];
  noteAuthor: string | null;
};

const noteAuthorId = (row: EventRow) => {
  const event = loggedEvent(row);
  return event?.type === 'note.created' ? (event.payload.note?.operatorId ?? undefined) : undefined;
};

/** One target per event (undefined: no conversation), in the order given. */
export async function loadPushTargets(
  tx: Queryable,
  tenantId: string,
  events: EventRow[],
): Promise<(PushTarget | undefined)[]> {
  const ids = [...new Set(events.flatMap((event) => (event.conversationId ? [event.conversationId] : [])))];
  const conversations = new Map((await loadPushConversations(tx, tenantId, ids)).map((c) => [c.id, c]));
  const online = new Map<string | null, Promise<string[]>>();
  const recipients = await Promise.all(
    events.map(async (row) => {
      const conversation = row.conversationId ? conversations.get(row.conversationId) : undefined;
      if (!conversation) return [];
      const event = loggedEvent(row);
      switch (event?.type) {
        case 'conversation.assigned': {
          const { operatorId } = event.payload;
          return operatorId && operatorId === conversation.assignedOperatorId ? [operatorId] : [];
        }
        case 'note.created':
          return (event.payload.mentions ?? []).filter((id) => id !== noteAuthorId(row));
        default: {
          if (conversation.status === 'resolved') return [];
          if (conversation.assignedOperatorId) return [conversation.assignedOperatorId];
          let members = online.get(conversation.queueId);
          if (!members) {
            members = availableQueueMembers(tx, tenantId, conversation.queueId);
            online.set(conversation.queueId, members);
          }
          return members;
        }
      }
    }),
  );
  const devices = await pushDevicesOf(tx, tenantId, [...new Set(recipients.flat())]);
  const authors = await operatorNames(tx, tenantId, [...new Set(events.flatMap((event) => noteAuthorId(event) ?? []))]);
  return events.map((event, i) => {
    const conversation = event.conversationId ? conversations.get(event.conversationId) : undefined;
    if (!conversation) return undefined;
    const own = new Set(recipients[i]);
    const authorId = noteAuthorId(event);
    return {
      event,
      conversation,
      devices: devices.filter((device) => own.has(device.operatorId)),
      noteAuthor: authorId ? (authors.get(authorId) ?? null) : null,
    };
  });
}

/** Each operator's last acked seq, asked once per round. */
export function ackReader(acks: AckStore, tenantId: string) {
  const seen = new Map<string, Promise<number | null>>();
  return (operatorId: string) => {
    let acked = seen.get(operatorId);
    if (!acked) {
      acked = acks.lastAckedSeqOfOperator(tenantId, operatorId);
      seen.set(operatorId, acked);
    }
    return acked;
  };
}

export async function decidePush(
  target: PushTarget | undefined,
  ackedSeqOf: (operatorId: string) => Promise<number | null>,
  options: { now: Date; deviceIds?: string[] | undefined },
): Promise<PushPlan> {
  if (!target || target.devices.length === 0) return { sends: [], skipped: ['no_recipient'] };
  const { event, conversation, devices } = target;
  const { now, deviceIds } = options;
  const seq = event.seq;
  const text = pushText(event, conversation, { noteAuthor: target.noteAuthor, now });
  // A retry is owed to the devices it names only.
  const owed = deviceIds ? devices.filter((device) => deviceIds.includes(device.id)) : devices;
  const byOperator = new Map<string, PushDevice[]>();
  for (const device of owed) {
    const own = byOperator.get(device.operatorId);
    if (own) own.push(device);
    else byOperator.set(device.operatorId, [device]);
  }
  const plan: PushPlan = { sends: [], skipped: [] };
  for (const [operatorId, own] of byOperator) {
    const quiet = doNotDisturb(own[0]?.settings ?? {}, now);
    if (quiet) {
      plan.skipped.push(...own.map(() => quiet));
      continue;
    }
    // Any screen of theirs — a registered device or not — that acked the event means they saw it.
    const acked = await ackedSeqOf(operatorId);
    if (acked !== null && acked >= seq) {
      plan.skipped.push(...own.map(() => 'acked'));
      continue;
    }
    for (const device of own) {
      plan.sends.push({
        seq,
        device,
        message: {
          token: device.fcmToken,
          ...text,
          data: { type: event.type, conversationId: conversation.id, seq: String(seq), tenantId: event.tenantId },
          collapseKey: conversation.id,
        },
      });
    }
  }
  return plan;
}

/** A retry job's plan: the event as the log holds it, narrowed to the devices still owed. */
export async function planPushJob(
  deps: WorkerDeps,
  job: ClaimedJob<typeof PUSH_EVENT_JOB>,
  now = new Date(),
): Promise<PushPlan> {
  const { seq, deviceIds } = job.payload;
  const target = await withTenant(deps.sql, job.tenantId, async (tx) => {
    const found = await loadPushEvent(tx, job.tenantId, seq);
    return found ? (await loadPushTargets(tx, job.tenantId, [found.event]))[0] : undefined;
  });
  return decidePush(target, ackReader(deps.acks, job.tenantId), { now, deviceIds });
}
