// Owns the multi-row statements of group-commit ingest: a batch of one
// tenant's inbound messages finds its senders, locks its conversations,
// inserts its messages and moves its conversations' counters with one
// statement each (the last two sent together), whatever the batch's size. The rare cases (a new sender, a
// new or resolved conversation) go through the one-row functions of
// clients.ts and conversations.ts, so their rules stay in one place.
import { randomUUID } from 'node:crypto';
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
                              ${tx.array(keys.map((k) => k.externalId))}::text[]))`;
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
       for no key update`;
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

/** What storeInboundMessages wrote: the inserted rows by `inboundMessageKey`, the moved conversations by id. */
export type StoredInbound = { inserted: Map<string, MessageRow>; conversations: Map<string, ConversationRow> };

/**
 * Inserts the messages the provider had not delivered before, in the given
 * order (a provider id already stored is skipped; pass each id once), and
 * counts those on their conversations, moving their clocks: what
 * recordMessageOnConversation does for a client's message, n at a time. Two
 * statements sent together (one round trip): the ids are chosen here, so the
 * update finds exactly the rows the insert kept, whatever it skipped.
 */
export async function storeInboundMessages(
  tx: Tx,
  tenantId: string,
  messages: readonly InboundBatchMessage[],
): Promise<StoredInbound> {
  const stored: StoredInbound = { inserted: new Map(), conversations: new Map() };
  if (messages.length === 0) return stored;
  const ids = messages.map(() => randomUUID());
  const [rows, updated] = await Promise.all([
    tx<MessageRow[]>`
      insert into messages (tenant_id, id, conversation_id, channel_account_id, direction, actor_type, type,
                            content, external_message_id, status, metadata, created_at)
      select ${tenantId}, m.id, m.conversation_id, m.channel_account_id, 'inbound', 'client', m.type, m.content,
             m.external_message_id, 'delivered', m.metadata::jsonb, m.created_at
        from unnest(${tx.array(ids)}::uuid[],
                    ${tx.array(messages.map((m) => m.conversationId))}::uuid[],
                    ${tx.array(messages.map((m) => m.channelAccountId))}::uuid[],
                    ${tx.array(messages.map((m) => m.type))}::text[],
                    ${tx.array(messages.map((m) => m.content))}::text[],
                    ${tx.array(messages.map((m) => m.externalMessageId))}::text[],
                    ${tx.array(messages.map((m) => JSON.stringify(m.metadata)))}::text[],
                    ${tx.array(messages.map((m) => m.createdAt))}::timestamptz[])
             with ordinality as m(id, conversation_id, channel_account_id, type, content, external_message_id,
                                  metadata, created_at, ord)
       order by m.ord
      on conflict (tenant_id, channel_account_id, external_message_id)
        where direction = 'inbound' and external_message_id is not null
      do nothing
      returning *`,
    tx<ConversationRow[]>`
      update conversations c set
        message_count = c.message_count + v.n,
        last_message_at = greatest(c.last_message_at, v.at),
        last_client_message_at = v.at
        from (select conversation_id, count(*)::int as n, max(created_at) as at
                from messages
               where tenant_id = ${tenantId} and id = any(${tx.array(ids)}::uuid[])
               group by conversation_id) as v
       where c.tenant_id = ${tenantId} and c.id = v.conversation_id
      returning c.*`,
  ]);
  for (const row of rows)
    stored.inserted.set(inboundMessageKey(row.channelAccountId, row.externalMessageId ?? ''), row);
  for (const row of updated) stored.conversations.set(row.id, row);
  return stored;
}

export const inboundMessageKey = (channelAccountId: string, externalMessageId: string) =>
  `${channelAccountId}\u0000${externalMessageId}`;
