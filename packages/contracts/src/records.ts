// The records both the HTTP answers and the realtime events carry (a
// conversation, a message with its attachments, a note, a tag), each written
// once. They differ only in their instants: an HTTP answer's schema is the
// wire shape (ISO text, no transform: http/iso-time.ts), an event's also takes
// the Date a writer holds and turns it into that text (events/event-records.ts).
// So each shape is a function of the instant's schema, called once per side.
import { z } from 'zod';
import { attachmentType, conversationStatus, messageStatus, messageType } from './enums.ts';

/** Any 8-4-4-4-12 hex id (rows written by hand or by old seeds need not be RFC 4122). */
export const recordId = z.guid();

/** A conversations row without `attributes`. */
export function conversationRecord<T extends z.ZodType>(time: T) {
  return z.object({
    tenantId: recordId,
    id: recordId,
    clientId: recordId,
    channelAccountId: recordId,
    externalChatId: z.string(),
    queueId: recordId.nullable(),
    status: conversationStatus,
    priority: z.number().int(),
    assignedOperatorId: recordId.nullable(),
    stageId: recordId.nullable(),
    slaPolicyId: recordId.nullable(),
    firstResponseDueAt: time.nullable(),
    resolutionDueAt: time.nullable(),
    firstResponseAt: time.nullable(),
    resolvedAt: time.nullable(),
    firstResponseBreached: z.boolean(),
    resolutionBreached: z.boolean(),
    firstResponseWarnAt: time.nullable(),
    resolutionWarnAt: time.nullable(),
    firstResponseWarned: z.boolean(),
    resolutionWarned: z.boolean(),
    lastMessageAt: time,
    lastClientMessageAt: time.nullable(),
    lastOperatorMessageAt: time.nullable(),
    messageCount: z.number().int(),
    snoozedUntil: time.nullable(),
    createdAt: time,
    updatedAt: time,
  });
}

/** A message_attachments row. */
export function attachmentRecord<T extends z.ZodType>(time: T) {
  return z.object({
    tenantId: recordId,
    id: recordId,
    messageId: recordId,
    type: attachmentType,
    url: z.string().nullable(),
    platformUrl: z.string().nullable(),
    mimeType: z.string().nullable(),
    filename: z.string().nullable(),
    size: z.number().int().nullable(),
    width: z.number().int().nullable(),
    height: z.number().int().nullable(),
    duration: z.number().int().nullable(),
    thumbnailUrl: z.string().nullable(),
    createdAt: time,
  });
}

/** A messages row with its attachments. */
export function messageRecord<T extends z.ZodType>(time: T) {
  return z.object({
    tenantId: recordId,
    id: recordId,
    conversationId: recordId,
    channelAccountId: recordId,
    direction: z.enum(['inbound', 'outbound']),
    actorType: z.enum(['client', 'operator', 'bot', 'system']),
    actorId: recordId.nullable(),
    type: messageType,
    content: z.string().nullable(),
    externalMessageId: z.string().nullable(),
    clientMessageId: z.string().nullable(),
    status: messageStatus,
    error: z.string().nullable(),
    replyToId: recordId.nullable(),
    metadata: z.record(z.string(), z.unknown()),
    createdAt: time,
    updatedAt: time,
    attachments: z.array(attachmentRecord(time)),
  });
}

/** A notes row. */
export function noteRecord<T extends z.ZodType>(time: T) {
  return z.object({
    tenantId: recordId,
    id: recordId,
    conversationId: recordId,
    operatorId: recordId.nullable(),
    content: z.string(),
    isPinned: z.boolean(),
    mentions: z.array(recordId),
    createdAt: time,
    updatedAt: time,
  });
}

/** A tag as a conversation carries it. */
export const tagRecord = z.object({ id: recordId, name: z.string(), color: z.string() });
