// Owns conversation rows: finding the one a chat belongs to, and keeping its
// counters and last_* times right as messages arrive.
import type { Queryable, Tx } from '../create-db.ts';
import type { ConversationRow, ConversationStatus } from './conversation-row.ts';
import { recordSlaMet, startSlaCycle } from './sla.ts';

export type { ConversationRow, ConversationStatus };

export type ConversationKey = {
  clientId: string;
  channelAccountId: string;
  externalChatId: string;
  queueId?: string | null;
};

/**
 * The conversation of a chat, created on first contact. A resolved one is
 * reopened: a customer writing again continues the same thread. Either way a
 * new SLA cycle starts (policy picked, due times set) in the same transaction.
 * The row comes back locked (FOR NO KEY UPDATE) so the caller's counter
 * updates cannot interleave.
 */
export async function findOrCreateConversation(
  tx: Tx,
  tenantId: string,
  key: ConversationKey,
  /** Runs before a new conversation is inserted (never for an existing chat); may throw to refuse it. */
  beforeCreate?: () => Promise<void>,
): Promise<{ conversation: ConversationRow; created: boolean; reopened: boolean }> {
  // The common case, a chat that already has its conversation, is one round trip: find it and lock it.
  let existing = await lockConversationByChat(tx, tenantId, key);
  if (!existing) {
    await beforeCreate?.();
    const [created] = await tx<ConversationRow[]>`
      insert into conversations (tenant_id, client_id, channel_account_id, external_chat_id, queue_id)
      values (${tenantId}, ${key.clientId}, ${key.channelAccountId}, ${key.externalChatId}, ${key.queueId ?? null})
      on conflict (tenant_id, channel_account_id, external_chat_id) do nothing
      returning *`;
    if (created) return { conversation: await startSlaCycle(tx, tenantId, created), created: true, reopened: false };
    // Another transaction created it in between: wait for it and take its row.
    existing = await lockConversationByChat(tx, tenantId, key);
    if (!existing) throw new Error('conversation vanished while being created');
  }
  if (existing.status !== 'resolved') return { conversation: existing, created: false, reopened: false };
  const [reopened] = await tx<ConversationRow[]>`
    update conversations set status = 'open', resolved_at = null, snoozed_until = null
     where tenant_id = ${tenantId} and id = ${existing.id}
    returning *`;
  return {
    conversation: await startSlaCycle(tx, tenantId, reopened as ConversationRow),
    created: false,
    reopened: true,
  };
}

async function lockConversationByChat(tx: Tx, tenantId: string, key: ConversationKey) {
  const [row] = await tx<ConversationRow[]>`
    select * from conversations
     where tenant_id = ${tenantId} and channel_account_id = ${key.channelAccountId}
       and external_chat_id = ${key.externalChatId}
     for no key update`;
  return row;
}

/** Takes the conversation's row lock: writers of one conversation (replies, counters) take turns. */
export async function lockConversation(tx: Tx, tenantId: string, id: string): Promise<void> {
  await tx`select 1 from conversations where tenant_id = ${tenantId} and id = ${id} for no key update`;
}

export async function getConversation(tx: Queryable, tenantId: string, id: string) {
  const [row] = await tx<ConversationRow[]>`select * from conversations where tenant_id = ${tenantId} and id = ${id}`;
  return row;
}

/** The two fields that decide who sees a conversation's events, without reading the whole row. */
export async function getConversationQueueAndAssignee(
  tx: Queryable,
  tenantId: string,
  id: string,
): Promise<Pick<ConversationRow, 'queueId' | 'assignedOperatorId'> | undefined> {
  const [row] = await tx<Pick<ConversationRow, 'queueId' | 'assignedOperatorId'>[]>`
    select queue_id, assigned_operator_id from conversations where tenant_id = ${tenantId} and id = ${id}`;
  return row;
}

export type ConversationChanges = {
  status: ConversationStatus;
  priority: number;
  stageId: string | null;
  snoozedUntil: Date | string | null;
  /** Merged into the stored attributes (top-level keys replaced). */
  attributes: Record<string, unknown>;
};

/** Sets a conversation's workflow fields; resolved_at is kept while resolved, set on resolving, cleared otherwise. */
export async function updateConversationFields(
  tx: Tx,
  tenantId: string,
  id: string,
  changes: ConversationChanges,
): Promise<ConversationRow | undefined> {
  const [row] = await tx<ConversationRow[]>`
    update conversations set
      status = ${changes.status},
      priority = ${changes.priority},
      stage_id = ${changes.stageId},
      snoozed_until = ${changes.snoozedUntil},
      resolved_at = case when ${changes.status} = 'resolved' then coalesce(resolved_at, now()) else null end,
      attributes = attributes || ${tx.json(changes.attributes as never)}
     where tenant_id = ${tenantId} and id = ${id}
    returning *`;
  return row;
}

/**
 * Counts a new message and moves the conversation's clocks. An operator's
 * first reply records the first-response SLA as met when it is in time.
 */
export async function recordMessageOnConversation(
  tx: Tx,
  tenantId: string,
  conversationId: string,
  message: { actorType: 'client' | 'operator' | 'bot' | 'system'; createdAt: Date },
): Promise<ConversationRow> {
  const byClient = message.actorType === 'client';
  const byOperator = message.actorType === 'operator';
  const [row] = await tx<ConversationRow[]>`
    update conversations set
      message_count = message_count + 1,
      last_message_at = greatest(last_message_at, ${message.createdAt}),
      last_client_message_at = case when ${byClient} then ${message.createdAt} else last_client_message_at end,
      last_operator_message_at = case when ${byOperator} then ${message.createdAt} else last_operator_message_at end,
      first_response_at = case when ${byOperator} and first_response_at is null then ${message.createdAt}
                               else first_response_at end,
      status = case when ${byOperator} and status = 'new' then 'open' else status end
     where tenant_id = ${tenantId} and id = ${conversationId}
    returning *`;
  if (!row) throw new Error(`conversation ${conversationId} not found`);
  if (byOperator && row.firstResponseAt?.getTime() === message.createdAt.getTime()) {
    await recordSlaMet(tx, tenantId, row, 'first_response');
  }
  return row;
}
