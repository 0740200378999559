import { z } from 'zod';
import { channelKind, conversationStatus, messageType } from '../enums.ts';
import { cursorParam, limitParam } from './common.ts';

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
