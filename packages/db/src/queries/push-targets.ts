// Owns what push fallback reads and writes: the event and its conversation
// (one, for a retry; a round's, for the log reader),
// who should hear about it, their devices with FCM tokens and notification
// settings, and dropping a token FCM says is dead.
import type { Queryable, Tx } from '../create-db.ts';
import type { EventRow } from './events.ts';
import type { DeviceRow } from './operators.ts';

export type PushConversation = {
  id: string;
  queueId: string | null;
  assignedOperatorId: string | null;
  status: string;
  clientName: string | null;
};

export async function loadPushEvent(
  tx: Queryable,
  tenantId: string,
  seq: number,
): Promise<{ event: EventRow; conversation: PushConversation | undefined } | undefined> {
  const [event] = await tx<EventRow[]>`select * from events where tenant_id = ${tenantId} and seq = ${seq}`;
  if (!event) return undefined;
  if (!event.conversationId) return { event, conversation: undefined };
  const [conversation] = await loadPushConversations(tx, tenantId, [event.conversationId]);
  return { event, conversation };
}

/** The conversations a round of events is about, as they are now. */
export async function loadPushConversations(
  tx: Queryable,
  tenantId: string,
  ids: string[],
): Promise<PushConversation[]> {
  if (ids.length === 0) return [];
  return tx<PushConversation[]>`
    select c.id, c.queue_id, c.assigned_operator_id, c.status, cl.name as client_name
      from conversations c join clients cl on cl.tenant_id = c.tenant_id and cl.id = c.client_id
     where c.tenant_id = ${tenantId} and c.id = any(${ids}::uuid[])`;
}

/** Operators' display names by id (a mention's push names its author). */
export async function operatorNames(tx: Queryable, tenantId: string, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await tx<{ id: string; name: string }[]>`
    select id, name from operators where tenant_id = ${tenantId} and id = any(${ids}::uuid[])`;
  return new Map(rows.map((row) => [row.id, row.name]));
}

/**
 * Who answers an unassigned conversation: the queue's active members who chose
 * to be online (a conversation in no queue: every such operator).
 */
export async function availableQueueMembers(tx: Queryable, tenantId: string, queueId: string | null) {
  const rows = queueId
    ? await tx<{ id: string }[]>`
        select o.id from operators o
          join queue_members m on m.tenant_id = o.tenant_id and m.operator_id = o.id and m.queue_id = ${queueId}
         where o.tenant_id = ${tenantId} and o.is_active and o.availability = 'online'`
    : await tx<{ id: string }[]>`
        select id from operators where tenant_id = ${tenantId} and is_active and availability = 'online'`;
  return rows.map((row) => row.id);
}

export type PushDevice = Pick<DeviceRow, 'id' | 'operatorId' | 'deviceId' | 'platform'> & {
  fcmToken: string;
  /** The operator's notification settings (muted, quietHours). */
  settings: Record<string, unknown>;
};

/** Active devices with an FCM token of these active operators. */
export async function pushDevicesOf(tx: Queryable, tenantId: string, operatorIds: string[]): Promise<PushDevice[]> {
  if (operatorIds.length === 0) return [];
  return tx<PushDevice[]>`
    select d.id, d.operator_id, d.device_id, d.platform, d.fcm_token, o.settings
      from operator_devices d join operators o on o.tenant_id = d.tenant_id and o.id = d.operator_id
     where d.tenant_id = ${tenantId} and d.operator_id = any(${operatorIds}) and d.is_active and o.is_active
       and d.fcm_token is not null
     order by d.operator_id, d.id`;
}

/**
 * FCM said the token is dead (UNREGISTERED, invalid): forget it. Only if it is
 * still the same token — the app may have registered a fresh one meanwhile.
 */
export async function dropDeadFcmToken(tx: Tx, tenantId: string, deviceRowId: string, token: string) {
  const rows = await tx`
    update operator_devices set fcm_token = null, push_failures = push_failures + 1
     where tenant_id = ${tenantId} and id = ${deviceRowId} and fcm_token = ${token}
    returning id`;
  return rows.length > 0;
}
