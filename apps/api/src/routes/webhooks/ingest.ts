// Turns a provider's normalized events into rows, all in one tenant
// transaction: the client and conversation found or created (a resolved one
// reopened), the message inserted unless the provider already delivered it,
// counters moved, delivery statuses applied, edits applied, auto replies
// queued, and every change's event appended. Nothing is half-written.
import type { InboundEdit, InboundEvent, InboundMessage, InboundStatus } from '@relay/channels';
import {
  type ChannelAccountRow,
  dialogAllowance,
  editInboundMessage,
  findOrCreateClientByIdentity,
  findOrCreateConversation,
  findOutboundMessageByExternalId,
  getConversationQueueAndAssignee,
  insertInboundMessage,
  insertMessageAttachment,
  moveMessageStatus,
  recordMessageOnConversation,
  type Tx,
  touchChannelAccountWebhook,
} from '@relay/db';
import { type Emit, writeWithEvents } from '@relay/realtime';
import type { ResolvedDeps } from '../../app.ts';
import { AppError } from '../../errors/app-error.ts';
import { conversationAudience, conversationPayload } from '../conversations/conversation-access.ts';
import { queueAutoReply } from './auto-replies.ts';

export type IngestResult = { stored: number; duplicates: number; statuses: number; edits: number };

export async function ingest(deps: ResolvedDeps, account: ChannelAccountRow, events: InboundEvent[]) {
  const result: IngestResult = { stored: 0, duplicates: 0, statuses: 0, edits: 0 };
  await writeWithEvents(deps, account.tenantId, async (tx, emit) => {
    for (const event of events) {
      if (event.kind === 'message') {
        if (await storeMessage(tx, emit, account, event)) result.stored++;
        else result.duplicates++;
      } else if (event.kind === 'status') {
        if (await applyStatus(tx, emit, account, event)) result.statuses++;
      } else if (await applyEdit(tx, emit, account, event)) {
        result.edits++;
      }
    }
    // "Last webhook" is for people (is this channel alive?): a hot account's row is written at most every few seconds.
    if (!touchedRecently(account)) await touchChannelAccountWebhook(tx, account.tenantId, account.id);
  });
  return result;
}

/** How stale channel_accounts.last_webhook_at may get while webhooks keep arriving. */
const WEBHOOK_TOUCH_EVERY_MS = 5_000;

function touchedRecently(account: ChannelAccountRow): boolean {
  return account.lastWebhookAt !== null && Date.now() - account.lastWebhookAt.getTime() < WEBHOOK_TOUCH_EVERY_MS;
}

async function storeMessage(tx: Tx, emit: Emit, account: ChannelAccountRow, event: InboundMessage) {
  const tenantId = account.tenantId;
  const { client } = await findOrCreateClientByIdentity(tx, tenantId, {
    channel: account.channel,
    externalId: event.sender.externalId,
    displayName: event.sender.displayName,
    username: event.sender.username,
    phone: event.sender.phone,
  });
  const { conversation, created, reopened } = await findOrCreateConversation(
    tx,
    tenantId,
    {
      clientId: client.id,
      channelAccountId: account.id,
      externalChatId: event.externalChatId,
      queueId: account.queueId,
    },
    async () => {
      const allowance = await dialogAllowance(tx, tenantId);
      if (!allowance.allowed) {
        throw new AppError('plan_limit_reached', 'this workspace has used all its new conversations for the month', {
          limit: allowance.limit,
          used: allowance.used,
        });
      }
    },
  );
  const message = await insertInboundMessage(tx, tenantId, {
    conversationId: conversation.id,
    channelAccountId: account.id,
    externalMessageId: event.externalMessageId,
    type: event.type,
    content: event.text,
    metadata: { ...event.metadata, sentAt: event.sentAt.toISOString(), replyToExternalId: event.replyToExternalId },
  });
  if (!message) return false;

  const attachments = [];
  for (const attachment of event.attachments) {
    attachments.push(await insertMessageAttachment(tx, tenantId, message.id, attachment));
  }
  const updated = await recordMessageOnConversation(tx, tenantId, conversation.id, {
    actorType: 'client',
    createdAt: message.createdAt,
  });
  const audience = conversationAudience(updated);
  if (created) {
    await emit({
      type: 'conversation.created',
      conversationId: conversation.id,
      audience,
      payload: { ...conversationPayload(updated), client: { id: client.id, name: client.name } },
    });
  }
  await emit({
    type: 'message.created',
    conversationId: conversation.id,
    audience,
    payload: { conversationId: conversation.id, message: { ...message, attachments } },
  });
  if (!created) {
    await emit({
      type: 'conversation.updated',
      conversationId: conversation.id,
      audience,
      payload: { ...conversationPayload(updated), reopened },
    });
  }
  await queueAutoReply(tx, emit, account, updated, { isNewConversation: created, text: event.text });
  return true;
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
