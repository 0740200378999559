// Ingest: a batch of verified webhooks (each a channel account's normalized
// events), over one tenant or many, turned into rows inside the caller's
// transaction: senders found (or created), conversations found and locked
// (or created, or a resolved one reopened, with a new SLA cycle), messages
// inserted unless the provider already delivered them, counters and clocks
// moved, attachments, delivery statuses and edits applied, auto replies sent,
// and every change's event emitted to its tenant. The common case (known
// senders, open conversations) costs the same few statements whatever the
// batch holds: the lookups, the insert and the counters are each one
// statement for all its tenants (TenantSteps.system, queries in
// inbound-batch.ts). New senders and conversations take the one-row
// functions, which hold their rules (identity races, the month's dialog
// limit, SLA cycles), inside their tenant.
import { randomUUID } from 'node:crypto';
import type { InboundEdit, InboundEvent, InboundMessage, InboundStatus } from '@relay/channels';
import {
  type AutoReplyRow,
  autoReplyKey,
  type ChannelAccountRow,
  type ClientRef,
  type ConversationRow,
  dialogAllowance,
  editInboundMessage,
  findClientsByIdentities,
  findOrCreateClientByIdentity,
  findOrCreateConversation,
  findOutboundMessageByExternalId,
  findStoredInboundMessages,
  getConversationQueueAndAssignee,
  type InboundBatchMessage,
  type InboundCount,
  inboundChatKey,
  inboundCountedRow,
  inboundIdentityKey,
  inboundMessageKey,
  inboundMessageRow,
  insertInboundMessages,
  insertMessageAttachment,
  listActiveAutoReplies,
  lockConversationsByChats,
  type MessageAttachmentRow,
  type MessageRow,
  moveMessageStatus,
  recordInboundOnConversations,
  type TenantSteps,
  type Tx,
  touchChannelAccountWebhooks,
  transactionNow,
} from '@relay/db';
import { conversationAudience, conversationPayload } from '@relay/realtime';
import { queueAutoReply } from './auto-reply.ts';
import type { Emit, TenantEmit } from './emit.ts';
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

type Group = {
  tenantId: string;
  deliveries: readonly InboundDelivery[];
  results: IngestResult[];
  items: Item[];
  emit: Emit;
};

/**
 * Results per input, each in its deliveries' order. The inputs' tenants are
 * visited in tenant id order (the lookups lock conversations: every batch
 * takes its locks in the same order).
 */
export async function ingestInbound(
  steps: TenantSteps,
  emit: TenantEmit,
  inputs: readonly IngestInboundInput[],
): Promise<IngestResult[][]> {
  const groups = inputs.map(({ tenantId, deliveries }): Group => {
    for (const { account } of deliveries) {
      if (account.tenantId !== tenantId) throw new Error('a delivery of another tenant was given to ingestInbound');
    }
    const items: Item[] = [];
    deliveries.forEach(({ account, events }, delivery) => {
      for (const event of events) {
        if (event.kind === 'message') items.push({ delivery, account, event, createdAt: arrivalTime() });
      }
    });
    return {
      tenantId,
      deliveries,
      items,
      results: deliveries.map(
        (): IngestResult => ({ stored: 0, duplicates: 0, statuses: 0, edits: 0, opened: 0, repliesQueued: 0 }),
      ),
      emit: (event) => emit(tenantId, event),
    };
  });
  const ordered = [...groups].sort((a, b) => (a.tenantId < b.tenantId ? -1 : a.tenantId > b.tenantId ? 1 : 0));
  if (new Set(ordered.map((group) => group.tenantId)).size !== ordered.length) {
    throw new Error('ingestInbound takes each tenant once');
  }

  const { stored, rules } = await storeMessages(
    steps,
    ordered.filter((group) => group.items.length > 0),
  );
  for (const { group, conversations } of stored) {
    await emitMessageEvents(group.emit, conversations);
    for (const state of conversations) {
      const first = state.stored[0];
      if (first && (state.created || state.reopened)) (group.results[first.item.delivery] as IngestResult).opened++;
    }
  }
  for (const { group, conversations } of stored) {
    const anyRule = conversations.some(({ stored }) =>
      stored.some(({ item }) => (rules.get(autoReplyKey(ruleKeyOf(item)))?.length ?? 0) > 0),
    );
    if (!anyRule) continue;
    await steps.within(group.tenantId, () =>
      sendAutoReplies(steps.tx, group.emit, rules, conversations, group.results),
    );
  }
  for (const group of ordered) {
    if (!group.deliveries.some(({ events }) => events.some((event) => event.kind !== 'message'))) continue;
    await steps.within(group.tenantId, () => applyStatusesAndEdits(steps.tx, group));
  }
  // "Last webhook" is for people (is this channel alive?): a hot account's row is written at most every few seconds.
  const touching = ordered.flatMap((group) =>
    [...new Map(group.deliveries.map(({ account }) => [account.id, account])).values()]
      .filter((account) => !touchedRecently(account))
      .map((account) => ({ tenantId: group.tenantId, id: account.id })),
  );
  if (touching.length > 0) {
    await steps.system(async () => {
      steps.later(touchChannelAccountWebhooks(steps.tx, touching));
    });
  }
  return groups.map((group) => group.results);
}

async function applyStatusesAndEdits(tx: Tx, group: Group) {
  for (const [delivery, { account, events }] of group.deliveries.entries()) {
    const result = group.results[delivery] as IngestResult;
    for (const event of events) {
      if (event.kind === 'status' && (await applyStatus(tx, group.emit, account, event))) result.statuses++;
      if (event.kind === 'edit' && (await applyEdit(tx, group.emit, account, event))) result.edits++;
    }
  }
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

const senderOf = (item: Item) => ({
  tenantId: item.account.tenantId,
  channel: item.account.channel,
  externalId: item.event.sender.externalId,
});
const chatOf = (item: Item) => ({
  tenantId: item.account.tenantId,
  channelAccountId: item.account.id,
  externalChatId: item.event.externalChatId,
});
const senderKey = (item: Item) => inboundIdentityKey(senderOf(item));
const chatKey = (item: Item) => inboundChatKey(chatOf(item));
const messageRefOf = (item: Item) => ({
  tenantId: item.account.tenantId,
  channelAccountId: item.account.id,
  externalMessageId: item.event.externalMessageId,
});
const messageKey = (item: Item) =>
  inboundMessageKey(item.account.tenantId, item.account.id, item.event.externalMessageId);

type Stored = {
  /** Per group: the conversations that got a message, with those messages. */
  stored: { group: Group; conversations: ConversationState[] }[];
  /** By autoReplyKey: the active auto-reply rules of each tenant's channels in the batch. */
  rules: Map<string, readonly AutoReplyRow[]>;
};

async function storeMessages(steps: TenantSteps, groups: Group[]): Promise<Stored> {
  const { tx } = steps;
  const items = groups.flatMap((group) => group.items);
  // Lookups, one statement each for every tenant, sent together (in the transaction's first write,
  // with its BEGIN): known senders, existing conversations (locked), each channel's auto-reply
  // rules, the provider ids stored before, and the transaction's now() (what the rows' defaults
  // and triggers write: the rows the events carry are built here, not read back).
  const [clients, locked, rules, seen, now] = await steps.system(() =>
    Promise.all([
      findClientsByIdentities(tx, unique(items, senderKey).map(senderOf)),
      lockConversationsByChats(tx, unique(items, chatKey).map(chatOf)),
      listActiveAutoReplies(tx, unique(items, (item) => autoReplyKey(ruleKeyOf(item))).map(ruleKeyOf)),
      findStoredInboundMessages(tx, unique(items, messageKey).map(messageRefOf)),
      transactionNow(tx),
    ]),
  );

  // A new sender, or a new or resolved conversation: the one-row paths, inside the tenant.
  const chats = new Map<string, ConversationState>();
  for (const group of groups) {
    const rare =
      unique(group.items, senderKey).some((item) => !clients.has(senderKey(item))) ||
      unique(group.items, chatKey).some((item) => {
        const existing = locked.get(chatKey(item));
        return !existing || existing.status === 'resolved';
      });
    const resolve = () => conversationsOf(tx, group, clients, locked, chats);
    if (rare) await steps.within(group.tenantId, resolve);
    else await resolve();
  }

  // Messages: one insert for all, sent without waiting for it; a provider id seen before (stored,
  // or earlier in this batch) is a duplicate.
  const firsts = new Set(unique(items, messageKey).filter((item) => !seen.has(messageKey(item))));
  const rows: InboundBatchMessage[] = [...firsts].map((item) => ({
    tenantId: item.account.tenantId,
    id: randomUUID(),
    conversationId: (chats.get(chatKey(item)) as ConversationState).row.id,
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
  await steps.system(async () => {
    steps.later(insertInboundMessages(tx, rows));
  });
  const inserted = new Map(
    rows.map((row) => [
      inboundMessageKey(row.tenantId, row.channelAccountId, row.externalMessageId),
      inboundMessageRow(row, now),
    ]),
  );
  for (const group of groups) {
    const withAttachments: ConversationState['stored'] = [];
    for (const item of group.items) {
      const message = firsts.has(item) ? inserted.get(messageKey(item)) : undefined;
      const result = group.results[item.delivery] as IngestResult;
      if (!message) {
        result.duplicates++;
        continue;
      }
      result.stored++;
      const entry = { item, message, attachments: [] as MessageAttachmentRow[] };
      (chats.get(chatKey(item)) as ConversationState).stored.push(entry);
      if (item.event.attachments.length > 0) withAttachments.push(entry);
    }
    if (withAttachments.length === 0) continue;
    await steps.within(group.tenantId, async () => {
      for (const { item, message, attachments } of withAttachments) {
        for (const attachment of item.event.attachments) {
          attachments.push(await insertMessageAttachment(tx, group.tenantId, message.id, attachment));
        }
      }
    });
  }

  // Counters and clocks: one update for every conversation that got a message, not waited for
  // either; the rows after it are worked out here from the locked ones.
  const moved = [...chats.values()].filter((state) => state.stored.length > 0);
  const counts = moved.map((state) => ({
    tenantId: state.row.tenantId,
    conversationId: state.row.id,
    messages: state.stored.length,
    lastAt: state.stored[state.stored.length - 1]?.item.createdAt as string,
  }));
  await steps.system(async () => {
    steps.later(recordInboundOnConversations(tx, counts));
  });
  for (const [i, state] of moved.entries()) state.row = inboundCountedRow(state.row, counts[i] as InboundCount, now);
  const stored = groups.map((group) => ({
    group,
    conversations: moved.filter((state) => state.row.tenantId === group.tenantId),
  }));
  return { stored, rules };
}

const ruleKeyOf = (item: Item) => ({ tenantId: item.account.tenantId, channel: item.account.channel });

/**
 * Each chat's conversation: the locked one when it is not resolved; a new
 * one, or the resolved one reopened, through the one-row path (with the
 * month's dialog limit). New senders through the one-row path too.
 */
async function conversationsOf(
  tx: Tx,
  group: Group,
  clients: Map<string, ClientRef>,
  locked: Map<string, ConversationRow>,
  byChat: Map<string, ConversationState>,
): Promise<void> {
  const { tenantId } = group;
  for (const item of unique(group.items, senderKey)) {
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
  for (const item of unique(group.items, chatKey)) {
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

async function sendAutoReplies(
  tx: Tx,
  emit: Emit,
  /** By autoReplyKey: each tenant's channel's rules, read once for the batch. */
  rules: Map<string, readonly AutoReplyRow[]>,
  conversations: ConversationState[],
  results: IngestResult[],
) {
  for (const state of conversations) {
    for (const [index, { item }] of state.stored.entries()) {
      const queued = await queueAutoReply(
        tx,
        emit,
        rules.get(autoReplyKey(ruleKeyOf(item))) ?? [],
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
