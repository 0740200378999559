// The records realtime events carry (a conversation, a message, a note, an
// operator), as they travel: JSON of the database rows, camelCase keys, ISO
// timestamps. Each schema's input also takes the Date a writer holds, so a
// writer's row type-checks against the same schema a browser parses with.
// The shapes shared with HTTP answers are written once, in ../records.ts.
import { z } from 'zod';
import { availability, operatorRole } from '../enums.ts';
import { attachmentRecord, conversationRecord, messageRecord, noteRecord, recordId, tagRecord } from '../records.ts';

/** Any 8-4-4-4-12 hex id (rows written by hand or by old seeds need not be RFC 4122). */
export const id = recordId;

/** An instant: a Date on the writer's side, its ISO text (Date.toJSON) on the wire. */
export const timestamp = z
  .union([z.date(), z.iso.datetime({ offset: true })])
  .transform((value) => (typeof value === 'string' ? value : value.toISOString()));

/** A conversations row without `attributes` (conversationPayload in @relay/realtime). */
export const eventConversation = conversationRecord(timestamp);

/** A message_attachments row. */
export const eventAttachment = attachmentRecord(timestamp);

/** A messages row with its attachments. */
export const eventMessage = messageRecord(timestamp);

/** A notes row. */
export const eventNote = noteRecord(timestamp);

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

export const eventTag = tagRecord;

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
