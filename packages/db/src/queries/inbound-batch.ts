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
import { uniqueViolationOf } from '../constraint-errors.ts';
import { jsonAsRead, type Tx } from '../create-db.ts';
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
     where a.tenant_id = k.tenant_id and a.id = k.id`.execute();
}

export type InboundBatchMessage = {
  tenantId: string;
  /** Made by the caller (randomUUID), so the events can be written before the insert answers. */
  id: string;
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
 * Which of these provider message ids are stored already (as inbound messages), as
 * `inboundMessageKey`s. Ingest asks before it inserts, so the insert needs no answer.
 */
export async function findStoredInboundMessages(
  tx: Tx,
  keys: readonly { tenantId: string; channelAccountId: string; externalMessageId: string }[],
): Promise<Set<string>> {
  const found = new Set<string>();
  if (keys.length === 0) return found;
  const rows = await tx<{ tenantId: string; channelAccountId: string; externalMessageId: string }[]>`
    select m.tenant_id, m.channel_account_id, m.external_message_id
      from unnest(${tx.array(keys.map((k) => k.tenantId))}::uuid[],
                  ${tx.array(keys.map((k) => k.channelAccountId))}::uuid[],
                  ${tx.array(keys.map((k) => k.externalMessageId))}::text[]) as k(tenant_id, channel_account_id, external_message_id)
      join messages m on m.tenant_id = k.tenant_id and m.channel_account_id = k.channel_account_id
       and m.external_message_id = k.external_message_id
     where m.direction = 'inbound' and m.external_message_id is not null`;
  for (const row of rows) found.add(inboundMessageKey(row.tenantId, row.channelAccountId, row.externalMessageId));
  return found;
}

/**
 * The row insertInboundMessages writes for a message, as a query would read it back, now being
 * the transaction's now() (transactionNow, queue-stats.ts). The test in inbound-batch.test.ts reads the rows back
 * and compares.
 */
export function inboundMessageRow(message: InboundBatchMessage, now: Date): MessageRow {
  return {
    tenantId: message.tenantId,
    id: message.id,
    conversationId: message.conversationId,
    channelAccountId: message.channelAccountId,
    direction: 'inbound',
    actorType: 'client',
    actorId: null,
    type: message.type,
    content: message.content,
    externalMessageId: message.externalMessageId,
    clientMessageId: null,
    status: 'delivered',
    error: null,
    replyToId: null,
    metadata: jsonAsRead(message.metadata),
    createdAt: new Date(message.createdAt),
    updatedAt: now,
  };
}

/**
 * Inserts these messages in the given order with one statement and no answer (the rows are
 * inboundMessageRow's). Pass only provider ids not stored yet (findStoredInboundMessages), each
 * once: one stored meanwhile by another process fails the statement with a unique violation,
 * and the batch is retried delivery by delivery, which finds it stored.
 */
export async function insertInboundMessages(tx: Tx, messages: readonly InboundBatchMessage[]): Promise<void> {
  if (messages.length === 0) return;
  await tx`
    insert into messages (tenant_id, id, conversation_id, channel_account_id, direction, actor_type, type,
                          content, external_message_id, status, metadata, created_at)
    select m.tenant_id, m.id, m.conversation_id, m.channel_account_id, 'inbound', 'client', m.type, m.content,
           m.external_message_id, 'delivered', m.metadata::jsonb, m.created_at
      from unnest(${tx.array(messages.map((m) => m.tenantId))}::uuid[],
                  ${tx.array(messages.map((m) => m.id))}::uuid[],
                  ${tx.array(messages.map((m) => m.conversationId))}::uuid[],
                  ${tx.array(messages.map((m) => m.channelAccountId))}::uuid[],
                  ${tx.array(messages.map((m) => m.type))}::text[],
                  ${tx.array(messages.map((m) => m.content))}::text[],
                  ${tx.array(messages.map((m) => m.externalMessageId))}::text[],
                  ${tx.array(messages.map((m) => JSON.stringify(m.metadata)))}::text[],
                  ${tx.array(messages.map((m) => m.createdAt))}::timestamptz[])
           with ordinality as m(tenant_id, id, conversation_id, channel_account_id, type, content,
                                external_message_id, metadata, created_at, ord)
     order by m.ord`.execute();
}

/**
 * The error insertInboundMessages fails with when another process stored one of its provider
 * ids between the lookup and the insert: written again, the delivery finds it stored.
 */
export function storedMeanwhile(error: unknown): boolean {
  return uniqueViolationOf(error) === 'messages_inbound_dedupe';
}

export const inboundMessageKey = (tenantId: string, channelAccountId: string, externalMessageId: string) =>
  `${tenantId}\u0000${channelAccountId}\u0000${externalMessageId}`;

/** lastAt: ISO 8601, as InboundBatchMessage.createdAt. */
export type InboundCount = { tenantId: string; conversationId: string; messages: number; lastAt: string };

/**
 * Counts a batch's inbound messages on their conversations and moves their
 * clocks, one statement for all and no answer: what recordMessageOnConversation
 * does for a client's message, n at a time. The conversations are locked
 * (lockConversationsByChats) or new in this transaction, so each row after it
 * is inboundCountedRow's.
 */
export async function recordInboundOnConversations(tx: Tx, counts: readonly InboundCount[]): Promise<void> {
  if (counts.length === 0) return;
  await tx`
    update conversations c set
      message_count = c.message_count + v.n,
      last_message_at = greatest(c.last_message_at, v.at),
      last_client_message_at = v.at
      from unnest(${tx.array(counts.map((c) => c.tenantId))}::uuid[],
                  ${tx.array(counts.map((c) => c.conversationId))}::uuid[],
                  ${tx.array(counts.map((c) => c.messages))}::int[],
                  ${tx.array(counts.map((c) => c.lastAt))}::timestamptz[]) as v(tenant_id, id, n, at)
     where c.tenant_id = v.tenant_id and c.id = v.id`.execute();
}

/** A locked conversation's row after recordInboundOnConversations, now being the transaction's now(). */
export function inboundCountedRow(row: ConversationRow, count: InboundCount, now: Date): ConversationRow {
  const at = new Date(count.lastAt);
  return {
    ...row,
    messageCount: row.messageCount + count.messages,
    lastMessageAt: at > row.lastMessageAt ? at : row.lastMessageAt,
    lastClientMessageAt: at,
    // The touch trigger's.
    updatedAt: now,
  };
}
