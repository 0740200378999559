// Owns the multi-row statements of group-commit ingest: a batch of verified
// webhooks, over one tenant or many, finds its senders, locks its
// conversations, inserts its messages and moves its conversations' counters
// with one statement each, whatever the batch's size and however many tenants
// it holds. They run as the schema owner (TenantSteps.system), like the other
// cross-tenant system work (job and SLA scans): every row they read or write
// is keyed by the tenant of the verified channel account that brought it, and
// the composite keys (tenant_id, id) make a row that points into another
// tenant impossible. The rare cases (a new sender, a new or resolved
// conversation) go through the one-row functions of clients.ts and
// conversations.ts inside the tenant, so their rules stay in one place.
import type { Tx } from '../create-db.ts';
import type { AutoReplyRow } from './channel-accounts.ts';
import type { ConversationRow } from './conversations.ts';
import type { MessageRow, MessageType } from './messages.ts';

export type IdentityKey = { tenantId: string; channel: string; externalId: string };

const identityKey = (tenantId: string, channel: string, externalId: string) =>
  `${tenantId}\u0000${channel}\u0000${externalId}`;
const chatKey = (tenantId: string, channelAccountId: string, externalChatId: string) =>
  `${tenantId}\u0000${channelAccountId}\u0000${externalChatId}`;

export type ClientRef = { id: string; name: string | null };

/**
 * The client behind each known identity (a merged client's survivor, as
 * findOrCreateClientByIdentity gives), keyed by `inboundIdentityKey`.
 * Identities not there yet are absent from the map.
 */
export async function findClientsByIdentities(tx: Tx, keys: readonly IdentityKey[]): Promise<Map<string, ClientRef>> {
  const found = new Map<string, ClientRef>();
  if (keys.length === 0) return found;
  const rows = await tx<{ tenantId: string; channel: string; externalId: string; id: string; name: string | null }[]>`
    select i.tenant_id, i.channel, i.external_id, coalesce(m.id, c.id) as id,
           case when m.id is null then c.name else m.name end as name
      from unnest(${tx.array(keys.map((k) => k.tenantId))}::uuid[],
                  ${tx.array(keys.map((k) => k.channel))}::text[],
                  ${tx.array(keys.map((k) => k.externalId))}::text[]) as k(tenant_id, channel, external_id)
      join client_identities i on i.tenant_id = k.tenant_id and i.channel = k.channel and i.external_id = k.external_id
      join clients c on c.tenant_id = i.tenant_id and c.id = i.client_id
      left join clients m on m.tenant_id = c.tenant_id and m.id = c.merged_into_id`;
  for (const row of rows) {
    found.set(identityKey(row.tenantId, row.channel, row.externalId), { id: row.id, name: row.name });
  }
  return found;
}

export const inboundIdentityKey = (key: IdentityKey) => identityKey(key.tenantId, key.channel, key.externalId);

export type ChatKey = { tenantId: string; channelAccountId: string; externalChatId: string };

export const inboundChatKey = (key: ChatKey) => chatKey(key.tenantId, key.channelAccountId, key.externalChatId);

/**
 * The conversations of these chats that exist, each locked FOR NO KEY UPDATE
 * (in tenant and id order, so two batches cannot deadlock on them), keyed by
 * `inboundChatKey`.
 */
export async function lockConversationsByChats(
  tx: Tx,
  keys: readonly ChatKey[],
): Promise<Map<string, ConversationRow>> {
  const found = new Map<string, ConversationRow>();
  if (keys.length === 0) return found;
  const rows = await tx<ConversationRow[]>`
    select c.* from conversations c
      join unnest(${tx.array(keys.map((k) => k.tenantId))}::uuid[],
                  ${tx.array(keys.map((k) => k.channelAccountId))}::uuid[],
                  ${tx.array(keys.map((k) => k.externalChatId))}::text[]) as k(tenant_id, channel_account_id, external_chat_id)
        on c.tenant_id = k.tenant_id and c.channel_account_id = k.channel_account_id
       and c.external_chat_id = k.external_chat_id
     order by c.tenant_id, c.id
       for no key update of c`;
  for (const row of rows) found.set(chatKey(row.tenantId, row.channelAccountId, row.externalChatId), row);
  return found;
}

export type AutoReplyKey = { tenantId: string; channel: string };

export const autoReplyKey = (key: AutoReplyKey) => `${key.tenantId}\u0000${key.channel}`;

/**
 * Each (tenant, channel)'s active auto-reply rules, best first, keyed by
 * `autoReplyKey`; every key asked for is in the map (an empty list when none).
 */
export async function listActiveAutoReplies(
  tx: Tx,
  keys: readonly AutoReplyKey[],
): Promise<Map<string, readonly AutoReplyRow[]>> {
  const found = new Map<string, AutoReplyRow[]>(keys.map((key) => [autoReplyKey(key), []]));
  if (keys.length === 0) return found;
  const rows = await tx<(AutoReplyRow & { tenantId: string; channel: string })[]>`
    select k.tenant_id, k.channel, a.id, a.name, a.trigger, a.keywords, a.content, a.channels, a.priority
      from unnest(${tx.array(keys.map((k) => k.tenantId))}::uuid[],
                  ${tx.array(keys.map((k) => k.channel))}::text[]) as k(tenant_id, channel)
      join auto_replies a on a.tenant_id = k.tenant_id and a.is_active
       and (cardinality(a.channels) = 0 or k.channel = any(a.channels))
     order by k.tenant_id, k.channel, a.priority desc, a.created_at, a.id`;
  for (const { tenantId, channel, ...rule } of rows) found.get(autoReplyKey({ tenantId, channel }))?.push(rule);
  return found;
}

/** Stamps channel_accounts.last_webhook_at on these accounts. */
export async function touchChannelAccountWebhooks(
  tx: Tx,
  accounts: readonly { tenantId: string; id: string }[],
): Promise<void> {
  if (accounts.length === 0) return;
  await tx`
    update channel_accounts a set last_webhook_at = now()
      from unnest(${tx.array(accounts.map((a) => a.tenantId))}::uuid[],
                  ${tx.array(accounts.map((a) => a.id))}::uuid[]) as k(tenant_id, id)
     where a.tenant_id = k.tenant_id and a.id = k.id`;
}

export type InboundBatchMessage = {
  tenantId: string;
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
  messages: readonly InboundBatchMessage[],
): Promise<Map<string, MessageRow>> {
  const inserted = new Map<string, MessageRow>();
  if (messages.length === 0) return inserted;
  const rows = await tx<MessageRow[]>`
    insert into messages (tenant_id, conversation_id, channel_account_id, direction, actor_type, type,
                          content, external_message_id, status, metadata, created_at)
    select m.tenant_id, m.conversation_id, m.channel_account_id, 'inbound', 'client', m.type, m.content,
           m.external_message_id, 'delivered', m.metadata::jsonb, m.created_at
      from unnest(${tx.array(messages.map((m) => m.tenantId))}::uuid[],
                  ${tx.array(messages.map((m) => m.conversationId))}::uuid[],
                  ${tx.array(messages.map((m) => m.channelAccountId))}::uuid[],
                  ${tx.array(messages.map((m) => m.type))}::text[],
                  ${tx.array(messages.map((m) => m.content))}::text[],
                  ${tx.array(messages.map((m) => m.externalMessageId))}::text[],
                  ${tx.array(messages.map((m) => JSON.stringify(m.metadata)))}::text[],
                  ${tx.array(messages.map((m) => m.createdAt))}::timestamptz[])
           with ordinality as m(tenant_id, conversation_id, channel_account_id, type, content, external_message_id,
                                metadata, created_at, ord)
     order by m.ord
    on conflict (tenant_id, channel_account_id, external_message_id)
      where direction = 'inbound' and external_message_id is not null
    do nothing
    returning *`;
  for (const row of rows) {
    inserted.set(inboundMessageKey(row.tenantId, row.channelAccountId, row.externalMessageId ?? ''), row);
  }
  return inserted;
}

export const inboundMessageKey = (tenantId: string, channelAccountId: string, externalMessageId: string) =>
  `${tenantId}\u0000${channelAccountId}\u0000${externalMessageId}`;

/** lastAt: ISO 8601, as InboundBatchMessage.createdAt. */
export type InboundCount = { tenantId: string; conversationId: string; messages: number; lastAt: string };

/**
 * Counts a batch's inbound messages on their conversations and moves their
 * clocks, one statement for all: what recordMessageOnConversation does for a
 * client's message, n at a time.
 */
export async function recordInboundOnConversations(
  tx: Tx,
  counts: readonly InboundCount[],
): Promise<Map<string, ConversationRow>> {
  const updated = new Map<string, ConversationRow>();
  if (counts.length === 0) return updated;
  const rows = await tx<ConversationRow[]>`
    update conversations c set
      message_count = c.message_count + v.n,
      last_message_at = greatest(c.last_message_at, v.at),
      last_client_message_at = v.at
      from unnest(${tx.array(counts.map((c) => c.tenantId))}::uuid[],
                  ${tx.array(counts.map((c) => c.conversationId))}::uuid[],
                  ${tx.array(counts.map((c) => c.messages))}::int[],
                  ${tx.array(counts.map((c) => c.lastAt))}::timestamptz[]) as v(tenant_id, id, n, at)
     where c.tenant_id = v.tenant_id and c.id = v.id
    returning c.*`;
  for (const row of rows) updated.set(row.id, row);
  if (updated.size !== counts.length) throw new Error('a conversation of the batch vanished while it was locked');
  return updated;
}
