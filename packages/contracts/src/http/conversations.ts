import { z } from 'zod';
import { channelKind, conversationStatus, messageType } from '../enums.ts';
import { attachmentRecord, conversationRecord, messageRecord, noteRecord, tagRecord } from '../records.ts';
import { cursorParam, limitParam } from './common.ts';
import { isoTime } from './iso-time.ts';

const statusList = z
  .string()
  .transform((v) => v.split(',').filter(Boolean))
  .pipe(z.array(conversationStatus).min(1));

export const listConversationsQuery = z.object({
  view: z.enum(['mine', 'unassigned', 'all']).default('all'),
  status: statusList.optional(),
  queueId: z.uuid().optional(),
  channel: channelKind.optional(),
  tag: z.uuid().optional(),
  q: z.string().trim().min(1).max(200).optional(),
  limit: limitParam(100, 30),
  cursor: cursorParam.optional(),
});
export type ListConversationsQuery = z.infer<typeof listConversationsQuery>;

export const patchConversationBody = z
  .object({
    status: conversationStatus.optional(),
    priority: z.number().int().min(0).max(3).optional(),
    stageId: z.uuid().nullable().optional(),
    snoozedUntil: z.iso.datetime({ offset: true }).nullable().optional(),
    attributes: z.record(z.string(), z.unknown()).optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'nothing to change')
  .refine((body) => body.status !== 'snoozed' || Boolean(body.snoozedUntil), {
    message: 'snoozedUntil is required to snooze',
    path: ['snoozedUntil'],
  });
export type PatchConversationBody = z.infer<typeof patchConversationBody>;

export const assignBody = z.object({ operatorId: z.uuid().nullable(), reason: z.string().max(500).optional() });

/** Another queue, and who there gets it: omitted or null leaves it waiting in the new queue's line. */
export const transferBody = z.object({
  queueId: z.uuid(),
  operatorId: z.uuid().nullable().default(null),
  reason: z.string().max(500).optional(),
});
export type TransferBody = z.infer<typeof transferBody>;

export const listMessagesQuery = z.object({
  before: cursorParam.optional(),
  limit: limitParam(200, 50),
});

export const sendMessageBody = z.object({
  content: z.string().trim().min(1).max(4096),
  clientMessageId: z.string().min(8).max(100),
  type: messageType.default('text'),
  replyToId: z.uuid().optional(),
});
export type SendMessageBody = z.infer<typeof sendMessageBody>;

/** One message of one conversation: /conversations/:id/messages/:messageId/... */
export const messageParams = z.object({ id: z.uuid(), messageId: z.uuid() });

/** One attachment of one message: /conversations/:id/messages/:messageId/attachments/:attachmentId/... */
export const attachmentParams = messageParams.extend({ attachmentId: z.uuid() });

/** Retrying a failed reply takes nothing: the message is sent again as it was. */
export const retryMessageBody = z.object({});

export const createNoteBody = z.object({
  content: z.string().trim().min(1).max(20_000),
  mentions: z.array(z.uuid()).max(50).default([]),
  isPinned: z.boolean().default(false),
});

export const putTagsBody = z.object({ tagIds: z.array(z.uuid()).max(50) });

export const readBody = z.object({ messageId: z.uuid().optional() });

export const eventsQuery = z.object({
  after: z.coerce.number().int().min(0).default(0),
  limit: limitParam(1000, 500),
});

// What the conversation routes answer: the rows as JSON (camelCase keys, ISO timestamps).

/** A conversation as a write answers it when the caller can no longer see it (no attributes, no list fields). */
export const conversation = conversationRecord(isoTime);
export type Conversation = z.infer<typeof conversation>;

/** A tag as a conversation carries it. */
export const conversationTag = tagRecord;
export type ConversationTag = z.infer<typeof conversationTag>;

/** A conversation as the caller sees it in the inbox: its client, channel, last message, unread count and tags. */
export const conversationItem = conversation.extend({
  attributes: z.record(z.string(), z.unknown()),
  clientName: z.string().nullable(),
  channel: z.string(),
  channelAccountName: z.string(),
  lastMessageContent: z.string().nullable(),
  lastMessageDirection: z.enum(['inbound', 'outbound']).nullable(),
  lastMessageType: z.string().nullable(),
  unreadCount: z.number().int().min(0),
  tags: z.array(conversationTag),
});
export type ConversationItem = z.infer<typeof conversationItem>;

export const conversationPage = z.object({ items: z.array(conversationItem), nextCursor: z.string().nullable() });

/** An assignment or transfer answers the item, or the bare conversation when it left the caller's sight. */
export const conversationAfterMove = z.union([conversationItem, conversation]);

export const messageAttachment = attachmentRecord(isoTime);
export type MessageAttachment = z.infer<typeof messageAttachment>;

export const message = messageRecord(isoTime);
export type Message = z.infer<typeof message>;

/** Newest first; nextCursor goes in ?before= for the older page. */
export const messagePage = z.object({ items: z.array(message), nextCursor: z.string().nullable() });

export const note = noteRecord(isoTime);
export type Note = z.infer<typeof note>;

/** Pinned first. */
export const noteList = z.object({ items: z.array(note) });

/** The conversation's tags after the change, by name. */
export const conversationTagList = z.object({ items: z.array(conversationTag) });
