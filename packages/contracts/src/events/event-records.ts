// The records realtime events carry (a conversation, a message, a note, an
// operator), as they travel: JSON of the database rows, camelCase keys, ISO
// timestamps. Each schema's input also takes the Date a writer holds, so a
// writer's row type-checks against the same schema a browser parses with.
import { z } from 'zod';
import {
  attachmentType,
  availability,
  conversationStatus,
  messageStatus,
  messageType,
  operatorRole,
} from '../enums.ts';

/** Any 8-4-4-4-12 hex id (rows written by hand or by old seeds need not be RFC 4122). */
export const id = z.guid();

/** An instant: a Date on the writer's side, its ISO text (Date.toJSON) on the wire. */
export const timestamp = z
  .union([z.date(), z.iso.datetime({ offset: true })])
  .transform((value) => (typeof value === 'string' ? value : value.toISOString()));

/** A conversations row without `attributes` (conversationPayload in @relay/realtime). */
export const eventConversation = z.object({
  tenantId: id,
  id,
  clientId: id,
  channelAccountId: id,
  externalChatId: z.string(),
  queueId: id.nullable(),
  status: conversationStatus,
  priority: z.number().int(),
  assignedOperatorId: id.nullable(),
  stageId: id.nullable(),
  slaPolicyId: id.nullable(),
  firstResponseDueAt: timestamp.nullable(),
  resolutionDueAt: timestamp.nullable(),
  firstResponseAt: timestamp.nullable(),
  resolvedAt: timestamp.nullable(),
  firstResponseBreached: z.boolean(),
  resolutionBreached: z.boolean(),
  firstResponseWarnAt: timestamp.nullable(),
  resolutionWarnAt: timestamp.nullable(),
  firstResponseWarned: z.boolean(),
  resolutionWarned: z.boolean(),
  lastMessageAt: timestamp,
  lastClientMessageAt: timestamp.nullable(),
  lastOperatorMessageAt: timestamp.nullable(),
  messageCount: z.number().int(),
  snoozedUntil: timestamp.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});

/** A message_attachments row. */
export const eventAttachment = z.object({
  tenantId: id,
  id,
  messageId: id,
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
  createdAt: timestamp,
});

/** A messages row with its attachments. */
export const eventMessage = z.object({
  tenantId: id,
  id,
  conversationId: id,
  channelAccountId: id,
  direction: z.enum(['inbound', 'outbound']),
  actorType: z.enum(['client', 'operator', 'bot', 'system']),
  actorId: id.nullable(),
  type: messageType,
  content: z.string().nullable(),
  externalMessageId: z.string().nullable(),
  clientMessageId: z.string().nullable(),
  status: messageStatus,
  error: z.string().nullable(),
  replyToId: id.nullable(),
  metadata: z.record(z.string(), z.unknown()),
  createdAt: timestamp,
  updatedAt: timestamp,
  attachments: z.array(eventAttachment),
});

/** A notes row. */
export const eventNote = z.object({
  tenantId: id,
  id,
  conversationId: id,
  operatorId: id.nullable(),
  content: z.string(),
  isPinned: z.boolean(),
  mentions: z.array(id),
  createdAt: timestamp,
  updatedAt: timestamp,
});

/** An operator as operator.updated shows it (no password hash, no settings). */
export const eventOperator = z.object({
  id,
  tenantId: id,
  email: z.string(),
  name: z.string(),
  role: operatorRole,
  availability,
  capacity: z.number().int(),
  isActive: z.boolean(),
  lastSeenAt: timestamp.nullable(),
  createdAt: timestamp,
});

export const eventTag = z.object({ id, name: z.string(), color: z.string() });

export const assignmentKind = z.enum([
  'manual',
  'round_robin',
  'least_loaded',
  'transfer',
  'unassign',
  'offline_reassign',
]);

export type EventConversation = z.output<typeof eventConversation>;
export type EventMessage = z.output<typeof eventMessage>;
export type EventNote = z.output<typeof eventNote>;
