// Owns message rows: inbound inserts deduplicated on the provider's id,
// outbound inserts idempotent on the sender's clientMessageId, and the thread.
import type { Queryable, Tx } from '../create-db.ts';
import { microsIso } from './conversation-views.ts';

export type MessageType = 'text' | 'image' | 'video' | 'audio' | 'document' | 'location' | 'sticker' | 'contact';
export type MessageStatus = 'pending' | 'sent' | 'delivered' | 'read' | 'failed';

export type MessageRow = {
  tenantId: string;
  id: string;
  conversationId: string;
  channelAccountId: string;
  direction: 'inbound' | 'outbound';
  actorType: 'client' | 'operator' | 'bot' | 'system';
  actorId: string | null;
  type: MessageType;
  content: string | null;
  externalMessageId: string | null;
  clientMessageId: string | null;
  status: MessageStatus;
  error: string | null;
  replyToId: string | null;
  metadata: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
};

export type InboundMessage = {
  conversationId: string;
  channelAccountId: string;
  externalMessageId: string;
  type?: MessageType;
  content: string | null;
  metadata?: Record<string, unknown>;
  createdAt?: Date;
};

/** Inserts a client's message, or returns undefined when the provider already delivered it. */
export async function insertInboundMessage(tx: Tx, tenantId: string, input: InboundMessage) {
  const [row] = await tx<MessageRow[]>`
    insert into messages (tenant_id, conversation_id, channel_account_id, direction, actor_type, type,
                          content, external_message_id, status, metadata, created_at)
    values (${tenantId}, ${input.conversationId}, ${input.channelAccountId}, 'inbound', 'client',
            ${input.type ?? 'text'}, ${input.content}, ${input.externalMessageId}, 'delivered',
            ${tx.json((input.metadata ?? {}) as never)}, ${input.createdAt ?? new Date()})
    on conflict (tenant_id, channel_account_id, external_message_id)
      where direction = 'inbound' and external_message_id is not null
    do nothing
    returning *`;
  return row;
}

export type OutboundMessage = {
  conversationId: string;
  channelAccountId: string;
  actorType: 'operator' | 'bot' | 'system';
  actorId: string | null;
  clientMessageId: string | null;
  type?: MessageType;
  content: string;
  replyToId?: string | null;
  status?: MessageStatus;
  metadata?: Record<string, unknown>;
  createdAt?: Date;
};

/**
 * Inserts a message to the client. With a clientMessageId already used, the
 * first message comes back with created: false and nothing new is written.
 */
export async function insertOutboundMessage(tx: Tx, tenantId: string, input: OutboundMessage) {
  const [row] = await tx<MessageRow[]>`
    insert into messages (tenant_id, conversation_id, channel_account_id, direction, actor_type, actor_id, type,
                          content, client_message_id, status, reply_to_id, metadata, created_at)
    values (${tenantId}, ${input.conversationId}, ${input.channelAccountId}, 'outbound', ${input.actorType},
            ${input.actorId}, ${input.type ?? 'text'}, ${input.content}, ${input.clientMessageId},
            ${input.status ?? 'pending'}, ${input.replyToId ?? null}, ${tx.json((input.metadata ?? {}) as never)},
            ${input.createdAt ?? new Date()})
    on conflict (tenant_id, client_message_id) where client_message_id is not null
    do nothing
    returning *`;
  if (row) return { message: row, created: true };
  const [existing] = await tx<MessageRow[]>`
    select * from messages where tenant_id = ${tenantId} and client_message_id = ${input.clientMessageId}`;
  if (!existing) throw new Error('outbound message vanished while being created');
  return { message: existing, created: false };
}

export type MessageRef = { id: string; conversationId: string };

/** A reply this channel account sent, by the provider's id for it (a delivery status names it so). */
export async function findOutboundMessageByExternalId(
  tx: Queryable,
  tenantId: string,
  channelAccountId: string,
  externalMessageId: string,
): Promise<MessageRef | undefined> {
  const [row] = await tx<MessageRef[]>`
    select id, conversation_id from messages
     where tenant_id = ${tenantId} and channel_account_id = ${channelAccountId}
       and direction = 'outbound' and external_message_id = ${externalMessageId}`;
  return row;
}

/** Applies a client's edit of an inbound message (new text, metadata.editedAt); undefined when there is no such message. */
export async function editInboundMessage(
  tx: Tx,
  tenantId: string,
  channelAccountId: string,
  edit: { externalMessageId: string; text: string | null; editedAt: Date },
): Promise<MessageRef | undefined> {
  const [row] = await tx<MessageRef[]>`
    update messages set content = ${edit.text},
           metadata = metadata || jsonb_build_object('editedAt', ${edit.editedAt.toISOString()}::text)
     where tenant_id = ${tenantId} and channel_account_id = ${channelAccountId}
       and direction = 'inbound' and external_message_id = ${edit.externalMessageId}
    returning id, conversation_id`;
  return row;
}

/** One message of a conversation, locked for a change of its status (a retry); undefined when it is not there. */
export async function lockConversationMessage(
  tx: Tx,
  tenantId: string,
  conversationId: string,
  messageId: string,
): Promise<MessageRow | undefined> {
  const [row] = await tx<MessageRow[]>`
    select * from messages
     where tenant_id = ${tenantId} and conversation_id = ${conversationId} and id = ${messageId}
       for no key update`;
  return row;
}

/** A page of a thread, newest first, strictly older than `before` when given. */
export async function listMessages(
  tx: Queryable,
  tenantId: string,
  conversationId: string,
  page: { before?: { at: string; id: string }; limit: number },
): Promise<(MessageRow & { cursorAt: string })[]> {
  const before = page.before;
  return tx<(MessageRow & { cursorAt: string })[]>`
    select *, ${microsIso(tx, 'created_at')} as cursor_at from messages
     where tenant_id = ${tenantId} and conversation_id = ${conversationId}
       ${before ? tx`and (created_at, id) < (${before.at}::text::timestamptz, ${before.id})` : tx``}
     order by created_at desc, id desc
     limit ${page.limit}`;
}
