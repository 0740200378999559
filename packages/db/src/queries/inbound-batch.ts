// Owns the multi-row statements of group-commit ingest: a batch of one
// tenant's inbound messages finds its senders, locks its conversations,
// inserts its messages and moves its conversations' counters with one
// statement each, whatever the batch's size. The rare cases (a new sender, a
// new or resolved conversation) go through the one-row functions of
// clients.ts and conversations.ts, so their rules stay in one place.
//
// Each function here queues its statement when it is called (`.execute()`),
// so a batch over several tenants can send one per tenant in one round trip
// (TenantSteps.each in with-tenant.ts).
import type { Tx } from '../create-db.ts';
import type { ConversationRow } from './conversations.ts';
import type { MessageRow, MessageType } from './messages.ts';

export type IdentityKey = { channel: string; externalId: string };

const identityKey = (channel: string, externalId: string) => `${channel}\u0000${externalId}`;
const chatKey = (channelAccountId: string, externalChatId: string) => `${channelAccountId}\u0000${externalChatId}`;

export type ClientRef = { id: string; name: string | null };

/**
 * The client behind each known identity (a merged client's survivor, as
 * findOrCreateClientByIdentity gives), keyed by `inboundIdentityKey`.
 * Identities not there yet are absent from the map.
 */
export async function findClientsByIdentities(
  tx: Tx,
  tenantId: string,
  keys: readonly IdentityKey[],
): Promise<Map<string, ClientRef>> {
  const found = new Map<string, ClientRef>();
  if (keys.length === 0) return found;
  const rows = await tx<{ channel: string; externalId: string; id: string; name: string | null }[]>`
    select i.channel, i.external_id, coalesce(m.id, c.id) as id, case when m.id is null then c.name else m.name end as name
      from client_identities i
      join clients c on c.tenant_id = i.tenant_id and c.id = i.client_id
      left join clients m on m.tenant_id = c.tenant_id and m.id = c.merged_into_id
     where i.tenant_id = ${tenantId}
       and (i.channel, i.external_id) in (
         select * from unnest(${tx.array(keys.map((k) => k.channel))}::text[],
                              ${tx.array(keys.map((k) => k.externalId))}::text[]))`.execute();
  for (const row of rows) found.set(identityKey(row.channel, row.externalId), { id: row.id, name: row.name });
  return found;
}

export const inboundIdentityKey = (key: IdentityKey) => identityKey(key.channel, key.externalId);

export type ChatKey = { channelAccountId: string; externalChatId: string };

export const inboundChatKey = (key: ChatKey) => chatKey(key.channelAccountId, key.externalChatId);

/**
 * The conversations of these chats that exist, each locked FOR NO KEY UPDATE
 * (in id order, so two batches cannot deadlock on them), keyed by `inboundChatKey`.
 */
export async function lockConversationsByChats(
  tx: Tx,
  tenantId: string,
  keys: readonly ChatKey[],
): Promise<Map<string, ConversationRow>> {
  const found = new Map<string, ConversationRow>();
  if (keys.length === 0) return found;
  const rows = await tx<ConversationRow[]>`
    select * from conversations
     where tenant_id = ${tenantId}
       and (channel_account_id, external_chat_id) in (
         select * from unnest(${tx.array(keys.map((k) => k.channelAccountId))}::uuid[],
                              ${tx.array(keys.map((k) => k.externalChatId))}::text[]))
     order by id
       for no key update`.execute();
  for (const row of rows) found.set(chatKey(row.channelAccountId, row.externalChatId), row);
  return found;
}

export type InboundBatchMessage = {
  conversationId: string;
  channelAccountId: string;
  externalMessageId: string;
  type: MessageType;
  content: string | null;
  metadata: Record<string, unknown>;
  /** ISO 8601, microseconds allowed: a batch's messages keep their arrival order in the thread. */
  createdAt: string;
};

/**
 * Inserts the messages the provider had not delivered before, in the given
 * order, with one statement (a provider id already stored is skipped; pass
 * each id once). Returns the inserted rows keyed by `inboundMessageKey`.
 */
export async function insertInboundMessages(
  tx: Tx,
  tenantId: string,
  messages: readonly InboundBatchMessage[],
): Promise<Map<string, MessageRow>> {
  const inserted = new Map<string, MessageRow>();
  if (messages.length === 0) return inserted;
  const rows = await tx<MessageRow[]>`
    insert into messages (tenant_id, conversation_id, channel_account_id, direction, actor_type, type,
                          content, external_message_id, status, metadata, created_at)
    select ${tenantId}, m.conversation_id, m.channel_account_id, 'inbound', 'client', m.type, m.content,
           m.external_message_id, 'delivered', m.metadata::jsonb, m.created_at
      from unnest(${tx.array(messages.map((m) => m.conversationId))}::uuid[],
                  ${tx.array(messages.map((m) => m.channelAccountId))}::uuid[],
                  ${tx.array(messages.map((m) => m.type))}::text[],
                  ${tx.array(messages.map((m) => m.content))}::text[],
                  ${tx.array(messages.map((m) => m.externalMessageId))}::text[],
                  ${tx.array(messages.map((m) => JSON.stringify(m.metadata)))}::text[],
                  ${tx.array(messages.map((m) => m.createdAt))}::timestamptz[])
           with ordinality as m(conversation_id, channel_account_id, type, content, external_message_id, metadata,
                                created_at, ord)
     order by m.ord
    on conflict (tenant_id, channel_account_id, external_message_id)
      where direction = 'inbound' and external_message_id is not null
    do nothing
    returning *`.execute();
  for (const row of rows) inserted.set(inboundMessageKey(row.channelAccountId, row.externalMessageId ?? ''), row);
  return inserted;
}

export const inboundMessageKey = (channelAccountId: string, externalMessageId: string) =>
  `${channelAccountId}\u0000${externalMessageId}`;

/** lastAt: ISO 8601, as InboundBatchMessage.createdAt. */
export type InboundCount = { conversationId: string; messages: number; lastAt: string };

/**
 * Counts a batch's inbound messages on their conversations and moves their
 * clocks, one statement for all: what recordMessageOnConversation does for a
 * client's message, n at a time.
 */
export async function recordInboundOnConversations(
  tx: Tx,
  tenantId: string,
  counts: readonly InboundCount[],
): Promise<Map<string, ConversationRow>> {
  const updated = new Map<string, ConversationRow>();
  if (counts.length === 0) return updated;
  const rows = await tx<ConversationRow[]>`
    update conversations c set
      message_count = c.message_count + v.n,
      last_message_at = greatest(c.last_message_at, v.at),
      last_client_message_at = v.at
      from unnest(${tx.array(counts.map((c) => c.conversationId))}::uuid[],
                  ${tx.array(counts.map((c) => c.messages))}::int[],
                  ${tx.array(counts.map((c) => c.lastAt))}::timestamptz[]) as v(id, n, at)
     where c.tenant_id = ${tenantId} and c.id = v.id
    returning c.*`.execute();
  for (const row of rows) updated.set(row.id, row);
  if (updated.size !== counts.length) throw new Error('a conversation of the batch vanished while it was locked');
  return updated;
}
