// Decides, once an event's ack grace has passed, which devices get a push and
// what it says. Recipients per SPEC §4: a new inbound message or an SLA
// warning/breach goes to the assignee, or, unassigned, to the queue's members
// who chose to be online; an assignment to the new assignee (while it still
// is); a note to the operators it mentions. Then per recipient: muted or in
// quiet hours → nothing; any of their sockets acked the event's seq (an open
// screen has seen it) → nothing; otherwise each device with an FCM token.
import {
  availableQueueMembers,
  getOperator,
  type JobRow,
  loadPushEvent,
  type PushConversation,
  type PushDevice,
  pushDevicesOf,
  type Queryable,
  withTenant,
} from '@relay/db';
import type { PushMessage } from '@relay/push';
import type { WorkerDeps } from '../worker.ts';
import { pushText } from './push-text.ts';
import { doNotDisturb } from './quiet-hours.ts';

export type PlannedPush = { device: PushDevice; message: PushMessage };
export type PushPlan = { sends: PlannedPush[]; skipped: string[] };

/** The payload of a push job: the event, and on a retry only the devices still owed. */
export function pushJobPayload(job: JobRow): { seq: number; deviceIds: string[] | undefined } {
  const deviceIds = Array.isArray(job.payload.deviceIds) ? job.payload.deviceIds.map(String) : undefined;
  return { seq: Number(job.payload.seq), deviceIds };
}

async function recipientsOf(
  tx: Queryable,
  tenantId: string,
  type: string,
  payload: Record<string, unknown>,
  conversation: PushConversation,
): Promise<string[]> {
  switch (type) {
    case 'conversation.assigned':
      return payload.operatorId && payload.operatorId === conversation.assignedOperatorId
        ? [String(payload.operatorId)]
        : [];
    case 'note.created': {
      const author = (payload.note as { operatorId?: string } | undefined)?.operatorId;
      const mentions = Array.isArray(payload.mentions) ? payload.mentions.map(String) : [];
      return mentions.filter((id) => id !== author);
    }
    default:
      if (conversation.status === 'resolved') return [];
      return conversation.assignedOperatorId
        ? [conversation.assignedOperatorId]
        : availableQueueMembers(tx, tenantId, conversation.queueId);
  }
}

export async function planPush(deps: WorkerDeps, job: JobRow, now = new Date()): Promise<PushPlan> {
  const { seq, deviceIds } = pushJobPayload(job);
  const loaded = await withTenant(deps.sql, job.tenantId, async (tx) => {
    const found = await loadPushEvent(tx, job.tenantId, seq);
    if (!found?.conversation) return undefined;
    const { event, conversation } = found;
    const recipients = await recipientsOf(tx, job.tenantId, event.type, event.payload, conversation);
    const devices = await pushDevicesOf(tx, job.tenantId, recipients);
    const authorId = (event.payload.note as { operatorId?: string } | undefined)?.operatorId;
    const noteAuthor =
      event.type === 'note.created' && authorId
        ? ((await getOperator(tx, job.tenantId, authorId))?.name ?? null)
        : null;
    return { event, conversation, devices, noteAuthor };
  });
  if (!loaded || loaded.devices.length === 0) return { sends: [], skipped: ['no_recipient'] };

  const { event, conversation, devices } = loaded;
  const text = pushText(event, conversation, { noteAuthor: loaded.noteAuthor, now });
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
    const acked = await deps.acks.lastAckedSeqOfOperator(job.tenantId, operatorId);
    if (acked !== null && acked >= seq) {
      plan.skipped.push(...own.map(() => 'acked'));
      continue;
    }
    for (const device of own) {
      plan.sends.push({
        device,
        message: {
          token: device.fcmToken,
          ...text,
          data: { type: event.type, conversationId: conversation.id, seq: String(seq), tenantId: job.tenantId },
          collapseKey: conversation.id,
        },
      });
    }
  }
  return plan;
}
