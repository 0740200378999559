// Owns queues and their members. A tenant has at most one default queue (a
// partial unique index); making one the default takes the flag from the
// others in the same transaction.
import type { Queryable, Tx } from '../create-db.ts';
import type { ConversationRow } from './conversations.ts';

export type RoutingMode = 'manual' | 'round_robin' | 'least_loaded';

export type QueueRow = {
  tenantId: string;
  id: string;
  name: string;
  routingMode: RoutingMode;
  slaPolicyId: string | null;
  isDefault: boolean;
  lastAssignedOperatorId: string | null;
  createdAt: Date;
  updatedAt: Date;
};

/** A queue as the admin screens show it: who is in it and how much is in it. */
export type QueueSummaryRow = QueueRow & {
  memberIds: string[];
  /** Unassigned and not resolved. */
  waiting: number;
  /** Assigned to someone and not resolved. */
  assigned: number;
};

export type QueueFields = { name: string; routingMode: RoutingMode; slaPolicyId: string | null; isDefault: boolean };

export async function listQueueSummaries(tx: Queryable, tenantId: string, id?: string): Promise<QueueSummaryRow[]> {
  return tx<QueueSummaryRow[]>`
    select q.*,
           coalesce((select array_agg(m.operator_id::text order by m.created_at, m.operator_id) from queue_members m
                      where m.tenant_id = q.tenant_id and m.queue_id = q.id), '{}') as member_ids,
           (select count(*)::int from conversations c
             where c.tenant_id = q.tenant_id and c.queue_id = q.id and c.status <> 'resolved'
               and c.assigned_operator_id is null) as waiting,
           (select count(*)::int from conversations c
             where c.tenant_id = q.tenant_id and c.queue_id = q.id and c.status <> 'resolved'
               and c.assigned_operator_id is not null) as assigned
      from queues q
     where q.tenant_id = ${tenantId} ${id ? tx`and q.id = ${id}` : tx``}
     order by q.is_default desc, q.name, q.id`;
}

export async function getQueueSummary(tx: Queryable, tenantId: string, id: string) {
  const [row] = await listQueueSummaries(tx, tenantId, id);
  return row;
}

export async function getQueue(tx: Queryable, tenantId: string, id: string): Promise<QueueRow | undefined> {
  const [row] = await tx<QueueRow[]>`select * from queues where tenant_id = ${tenantId} and id = ${id}`;
  return row;
}

/** Takes the default flag from every queue but `keep` (call before setting it on `keep`). */
export async function clearDefaultQueue(tx: Tx, tenantId: string, keep: string | null): Promise<void> {
  await tx`update queues set is_default = false
            where tenant_id = ${tenantId} and is_default ${keep ? tx`and id <> ${keep}` : tx``}`;
}

export async function createQueue(tx: Tx, tenantId: string, input: QueueFields): Promise<QueueRow> {
  if (input.isDefault) await clearDefaultQueue(tx, tenantId, null);
  const [row] = await tx<QueueRow[]>`
    insert into queues (tenant_id, name, routing_mode, sla_policy_id, is_default)
    values (${tenantId}, ${input.name}, ${input.routingMode}, ${input.slaPolicyId}, ${input.isDefault})
    returning *`;
  return row as QueueRow;
}

export async function updateQueue(tx: Tx, tenantId: string, id: string, input: QueueFields) {
  if (input.isDefault) await clearDefaultQueue(tx, tenantId, id);
  const [row] = await tx<QueueRow[]>`
    update queues set name = ${input.name}, routing_mode = ${input.routingMode}, sla_policy_id = ${input.slaPolicyId},
                      is_default = ${input.isDefault}
     where tenant_id = ${tenantId} and id = ${id}
    returning *`;
  return row;
}

export async function getDefaultQueueId(tx: Queryable, tenantId: string): Promise<string | null> {
  const [row] = await tx<{ id: string }[]>`select id from queues where tenant_id = ${tenantId} and is_default`;
  return row?.id ?? null;
}

/** Moves a queue's unresolved conversations to another queue (or to none). Returns them as moved. */
export async function moveOpenConversationsToQueue(
  tx: Tx,
  tenantId: string,
  from: string,
  to: string | null,
): Promise<ConversationRow[]> {
  return tx<ConversationRow[]>`
    update conversations set queue_id = ${to}
     where tenant_id = ${tenantId} and queue_id = ${from} and status <> 'resolved'
    returning *`;
}

/** Points the channel accounts that route into one queue at another (or at none). Returns how many. */
export async function moveChannelAccountsToQueue(tx: Tx, tenantId: string, from: string, to: string | null) {
  const rows = await tx`
    update channel_accounts set queue_id = ${to} where tenant_id = ${tenantId} and queue_id = ${from} returning id`;
  return rows.length;
}

/** The deleted row, or undefined when there was none. */
export async function deleteQueue(tx: Tx, tenantId: string, id: string): Promise<QueueRow | undefined> {
  const [row] = await tx<QueueRow[]>`delete from queues where tenant_id = ${tenantId} and id = ${id} returning *`;
  return row;
}

/** Of these operator ids, the ones that are operators of the tenant. */
export async function existingOperatorIds(tx: Queryable, tenantId: string, ids: string[]): Promise<string[]> {
  const rows = await tx<{ id: string }[]>`select id from operators where tenant_id = ${tenantId} and id = any(${ids})`;
  return rows.map((row) => row.id);
}

/** Makes the member set exactly `operatorIds`; members who stay keep their joining time. */
export async function replaceQueueMembers(tx: Tx, tenantId: string, queueId: string, operatorIds: string[]) {
  await tx`delete from queue_members where tenant_id = ${tenantId} and queue_id = ${queueId}
            and not (operator_id = any(${operatorIds}))`;
  if (operatorIds.length === 0) return;
  await tx`
    insert into queue_members (tenant_id, queue_id, operator_id)
    select ${tenantId}, ${queueId}, unnest(${operatorIds}::uuid[])
    on conflict do nothing`;
}
