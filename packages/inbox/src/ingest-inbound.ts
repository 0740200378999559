// Ingest: one tenant's share of a batch of verified webhooks (each a channel
// account's normalized events) turned into rows, inside the caller's
// transaction: senders found (or created), conversations found and locked
// (or created, or a resolved one reopened, with a new SLA cycle), messages
// inserted unless the provider already delivered them, counters and clocks
// moved, attachments, delivery statuses and edits applied, auto replies sent,
// and every change's event emitted. The common case (known senders, open
// conversations) costs the same few statements whatever the batch's size;
// new senders and conversations take the one-row functions, which hold their
// rules (identity races, the month's dialog limit, SLA cycles).
import type { InboundEdit, InboundEvent, InboundMessage, InboundStatus } from '@relay/channels';
import {
  type AutoReplyRow,
  type ChannelAccountRow,
  type ClientRef,
  type ConversationRow,
  dialogAllowance,
  editInboundMessage,
  findClientsByIdentities,
  findOrCreateClientByIdentity,
  findOrCreateConversation,
  findOutboundMessageByExternalId,
  getConversationQueueAndAssignee,
  type InboundBatchMessage,
  inboundChatKey,
  inboundIdentityKey,
  inboundMessageKey,
  insertInboundMessages,
  insertMessageAttachment,
  listActiveAutoReplies,
  lockConversationsByChats,
  type MessageAttachmentRow,
  type MessageRow,
  moveMessageStatus,
  recordInboundOnConversations,
  type Tx,
  touchChannelAccountWebhook,
} from '@relay/db';
import { conversationAudience, conversationPayload } from '@relay/realtime';
import { queueAutoReply } from './auto-reply.ts';
import type { Emit } from './emit.ts';
import { InboxError } from './inbox-error.ts';

/** One verified webhook: its channel account (of this tenant) and what it said. */
export type InboundDelivery = { account: ChannelAccountRow; events: readonly InboundEvent[] };

export type IngestResult = {
  stored: number;
  duplicates: number;
  statuses: number;
  edits: number;
  /** Conversations this delivery created or reopened: routing has work. */
  opened: number;
  /** Auto replies queued for delivery. */
  repliesQueued: number;
};

export type IngestInboundInput = { tenantId: string; deliveries: readonly InboundDelivery[] };

/** How stale channel_accounts.last_webhook_at may get while webhooks keep arriving. */
export const WEBHOOK_TOUCH_EVERY_MS = 5_000;

type Item = { delivery: number; account: ChannelAccountRow; event: InboundMessage; createdAt: string };

type ConversationState = {
  row: ConversationRow;
  client: ClientRef;
  created: boolean;
  reopened: boolean;
  /** This batch's stored messages in the conversation, in arrival order. */
  stored: { item: Item; message: MessageRow; attachments: MessageAttachmentRow[] }[];
};

/** Results in the deliveries' order. */
export async function ingestInbound(tx: Tx, emit: Emit, input: IngestInboundInput): Promise<IngestResult[]> {
  const { tenantId, deliveries } = input;
  for (const { account } of deliveries) {
    if (account.tenantId !== tenantId) throw new Error('a delivery of another tenant was given to ingestInbound');
  }
  const results = deliveries.map(
    (): IngestResult => ({ stored: 0, duplicates: 0, statuses: 0, edits: 0, opened: 0, repliesQueued: 0 }),
  );
  const items: Item[] = [];
  deliveries.forEach(({ account, events }, delivery) => {
    for (const event of events) {
      if (event.kind === 'message') items.push({ delivery, account, event, createdAt: arrivalTime() });
    }
  });

  if (items.length > 0) {
    // The auto-reply rules are read alongside the first lookups (one round trip for all of them).
    const [conversations, rules] = await Promise.all([
      storeMessages(tx, tenantId, items, results),
      autoReplyRules(tx, tenantId, items),
    ]);
    await emitMessageEvents(emit, conversations);
    for (const state of conversations) {
      const first = state.stored[0];
      if (first && (state.created || state.reopened)) (results[first.item.delivery] as IngestResult).opened++;
    }
    await sendAutoReplies(tx, emit, rules, conversations, results);
  }
  for (const [delivery, { account, events }] of deliveries.entries()) {
    const result = results[delivery] as IngestResult;
    for (const event of events) {
      if (event.kind === 'status' && (await applyStatus(tx, emit, account, event))) result.statuses++;
      if (event.kind === 'edit' && (await applyEdit(tx, emit, account, event))) result.edits++;
    }
  }
  // "Last webhook" is for people (is this channel alive?): a hot account's row is written at most every few seconds.
  const accounts = new Map(deliveries.map(({ account }) => [account.id, account]));
  for (const account of accounts.values()) {
    if (!touchedRecently(account)) await touchChannelAccountWebhook(tx, tenantId, account.id);
  }
  return results;
}

function touchedRecently(account: ChannelAccountRow): boolean {
  return account.lastWebhookAt !== null && Date.now() - account.lastWebhookAt.getTime() < WEBHOOK_TOUCH_EVERY_MS;
}

let lastArrivalMicros = 0;

/**
 * When a message is stored: now, in microseconds, strictly after the one
 * before in this process, so a batch's messages (stored by one statement)
 * keep their arrival order in the thread.
 */
function arrivalTime(): string {
  const micros = Math.max(Date.now() * 1000, lastArrivalMicros + 1);
  lastArrivalMicros = micros;
  const iso = new Date(Math.floor(micros / 1000)).toISOString();
  return `${iso.slice(0, 23)}${String(micros % 1000).padStart(3, '0')}Z`;
}

async function storeMessages(
  tx: Tx,
  tenantId: string,
  items: Item[],
  results: IngestResult[],
): Promise<ConversationState[]> {
  // Senders: one select for the known; a new one through the one-row path.
  const senderKey = (item: Item) =>
    inboundIdentityKey({ channel: item.account.channel, externalId: item.event.sender.externalId });
  const chatKey = (item: Item) =>
    inboundChatKey({ channelAccountId: item.account.id, externalChatId: item.event.externalChatId });
  // Both lookups are sent together: neither needs the other's answer.
  const [clients, locked] = await Promise.all([
    findClientsByIdentities(
      tx,
      tenantId,
      unique(items, senderKey).map((item) => ({
        channel: item.account.channel,
        externalId: item.event.sender.externalId,
      })),
    ),
    lockConversationsByChats(
      tx,
      tenantId,
      unique(items, chatKey).map((item) => ({
        channelAccountId: item.account.id,
        externalChatId: item.event.externalChatId,
      })),
    ),
  ]);
  for (const item of unique(items, senderKey)) {
    if (clients.has(senderKey(item))) continue;
    const { client } = await findOrCreateClientByIdentity(tx, tenantId, {
      channel: item.account.channel,
      externalId: item.event.sender.externalId,
      displayName: item.event.sender.displayName,
      username: item.event.sender.username,
      phone: item.event.sender.phone,
    });
    clients.set(senderKey(item), { id: client.id, name: client.name });
  }

  // Conversations: the existing ones were locked above; a new or resolved one through the one-row path.
  const byChat = new Map<string, ConversationState>();
  for (const item of unique(items, chatKey)) {
    const client = clients.get(senderKey(item)) as ClientRef;
    const existing = locked.get(chatKey(item));
    if (existing && existing.status !== 'resolved') {
      byChat.set(chatKey(item), { row: existing, client, created: false, reopened: false, stored: [] });
      continue;
    }
    const found = await findOrCreateConversation(
      tx,
      tenantId,
      {
        clientId: client.id,
        channelAccountId: item.account.id,
        externalChatId: item.event.externalChatId,
        queueId: item.account.queueId,
      },
      async () => {
        const allowance = await dialogAllowance(tx, tenantId);
        if (!allowance.allowed) {
          throw new InboxError(
            'plan_limit_reached',
            'this workspace has used all its new conversations for the month',
            {
              limit: allowance.limit,
              used: allowance.used,
            },
          );
        }
      },
    );
    byChat.set(chatKey(item), { row: found.conversation, client, ...found, stored: [] });
  }

  // Messages: one insert; a provider id seen before (stored, or earlier in this batch) is a duplicate.
  const messageKey = (item: Item) => inboundMessageKey(item.account.id, item.event.externalMessageId);
  const firsts = unique(items, messageKey);
  const rows: InboundBatchMessage[] = firsts.map((item) => ({
    conversationId: (byChat.get(chatKey(item)) as ConversationState).row.id,
    channelAccountId: item.account.id,
    externalMessageId: item.event.externalMessageId,
    type: item.event.type,
    content: item.event.text,
    metadata: {
      ...item.event.metadata,
      sentAt: item.event.sentAt.toISOString(),
      replyToExternalId: item.event.replyToExternalId,
    },
    createdAt: item.createdAt,
  }));
  const inserted = await insertInboundMessages(tx, tenantId, rows);
  const firstSet = new Set(firsts);
  for (const item of items) {
    const message = firstSet.has(item) ? inserted.get(messageKey(item)) : undefined;
    const result = results[item.delivery] as IngestResult;
    if (!message) {
      result.duplicates++;
      continue;
    }
    result.stored++;
    const attachments: MessageAttachmentRow[] = [];
    for (const attachment of item.event.attachments) {
      attachments.push(await insertMessageAttachment(tx, tenantId, message.id, attachment));
    }
    (byChat.get(chatKey(item)) as ConversationState).stored.push({ item, message, attachments });
  }

  // Counters and clocks: one update for every conversation that got a message (from what the insert
  // kept: a statement that read the new rows back planned badly on fresh statistics).
  const moved = [...byChat.values()].filter((state) => state.stored.length > 0);
  const updated = await recordInboundOnConversations(
    tx,
    tenantId,
    moved.map((state) => ({
      conversationId: state.row.id,
      messages: state.stored.length,
      lastAt: state.stored[state.stored.length - 1]?.item.createdAt as string,
    })),
  );
  for (const state of moved) state.row = updated.get(state.row.id) as ConversationRow;
  return moved;
}

/**
 * Per conversation: conversation.created for a new one, then each message's
 * message.created. One event per message: for a conversation that existed,
 * the last message.created carries its state after all of them
 * (`conversation`, and `reopened` when a resolved one reopened), instead of a
 * conversation.updated of its own.
 */
async function emitMessageEvents(emit: Emit, conversations: ConversationState[]) {
  for (const state of conversations) {
    const conversationId = state.row.id;
    const audience = conversationAudience(state.row);
    if (state.created) {
      await emit({
        type: 'conversation.created',
        conversationId,
        audience,
        payload: { ...conversationPayload(state.row), client: { id: state.client.id, name: state.client.name } },
      });
    }
    const last = state.stored.length - 1;
    for (const [i, { message, attachments }] of state.stored.entries()) {
      const changed =
        i === last && !state.created
          ? { conversation: conversationPayload(state.row).conversation, reopened: state.reopened }
          : {};
      await emit({
        type: 'message.created',
        conversationId,
        audience,
        payload: { conversationId, message: { ...message, attachments }, ...changed },
      });
    }
  }
}

/** Each channel's active auto-reply rules, read once for the batch. */
async function autoReplyRules(tx: Tx, tenantId: string, items: Item[]): Promise<Map<string, readonly AutoReplyRow[]>> {
  const channels = [...new Set(items.map((item) => item.account.channel))];
  const lists = await Promise.all(channels.map((channel) => listActiveAutoReplies(tx, tenantId, channel)));
  return new Map(channels.map((channel, i) => [channel, lists[i] as readonly AutoReplyRow[]]));
}

async function sendAutoReplies(
  tx: Tx,
  emit: Emit,
  rulesByChannel: Map<string, readonly AutoReplyRow[]>,
  conversations: ConversationState[],
  results: IngestResult[],
) {
  for (const state of conversations) {
    for (const [index, { item }] of state.stored.entries()) {
      const queued = await queueAutoReply(
        tx,
        emit,
        rulesByChannel.get(item.account.channel) ?? [],
        item.account,
        state.row,
        {
          isNewConversation: state.created && index === 0,
          text: item.event.text,
        },
      );
      if (queued) (results[item.delivery] as IngestResult).repliesQueued++;
    }
  }
}

async function applyStatus(tx: Tx, emit: Emit, account: ChannelAccountRow, event: InboundStatus) {
  const target = await findOutboundMessageByExternalId(tx, account.tenantId, account.id, event.externalMessageId);
  if (!target) return false;
  const moved = await moveMessageStatus(tx, account.tenantId, target.id, event.status, {
    error: event.error,
    at: event.at,
  });
  if (!moved) return false;
  const conversation = await getConversationQueueAndAssignee(tx, account.tenantId, target.conversationId);
  await emit({
    type: 'message.updated',
    conversationId: target.conversationId,
    audience: conversationAudience(conversation ?? { queueId: null, assignedOperatorId: null }),
    payload: { conversationId: target.conversationId, messageId: target.id, status: event.status, error: event.error },
  });
  return true;
}

async function applyEdit(tx: Tx, emit: Emit, account: ChannelAccountRow, event: InboundEdit) {
  const edited = await editInboundMessage(tx, account.tenantId, account.id, event);
  if (!edited) return false;
  const conversation = await getConversationQueueAndAssignee(tx, account.tenantId, edited.conversationId);
  await emit({
    type: 'message.updated',
    conversationId: edited.conversationId,
    audience: conversationAudience(conversation ?? { queueId: null, assignedOperatorId: null }),
    payload: { conversationId: edited.conversationId, messageId: edited.id, content: event.text, edited: true },
  });
  return true;
}

/** The first item of each key, in order. */
function unique<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
