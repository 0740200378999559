// Every realtime event (SPEC section 3) as one discriminated union over
// `{type, data}`: one schema per type's `data`, as the writers send it today.
// Writers are typed by these (NewEvent in @relay/db: a wrong payload does not
// compile); the browser parses every envelope it receives, live or from a
// sync page, with `relayEnvelope`. z.input is the writer's side (Dates),
// z.output the wire's (ISO text).
import { z } from 'zod';
import { slaKind } from '../http/queue-stats.ts';
import {
  assignmentKind,
  eventConversation,
  eventMessage,
  eventNote,
  eventOperator,
  eventTag,
  id,
  timestamp,
} from './event-records.ts';

/** Every event type SPEC section 3 lists (the envelope's `type` stays open: an old client skips a new type). */
export const eventType = z.enum([
  'message.created',
  'message.updated',
  'conversation.created',
  'conversation.updated',
  'conversation.assigned',
  'note.created',
  'sla.warning',
  'sla.breached',
  'operator.updated',
]);
export type EventType = z.infer<typeof eventType>;

/**
 * A message, inbound or sent. For an inbound message in a conversation that
 * existed, the batch's last one also carries the conversation's new state
 * (and whether it reopened) instead of a conversation.updated of its own.
 */
export const messageCreatedData = z.object({
  conversationId: id,
  message: eventMessage,
  conversation: eventConversation.optional(),
  reopened: z.boolean().optional(),
});

/** A delivery status (sent, failed, delivered, read, or pending again on retry), or an inbound edit. */
export const messageUpdatedData = z.object({
  conversationId: id,
  messageId: id,
  status: eventMessage.shape.status.optional(),
  error: z.string().nullable().optional(),
  externalMessageId: z.string().optional(),
  content: z.string().nullable().optional(),
  edited: z.literal(true).optional(),
});

export const conversationCreatedData = z.object({
  conversationId: id,
  conversation: eventConversation,
  client: z.object({ id, name: z.string().nullable() }),
});

/** The conversation's new state; a tag change carries only its tags, a client merge also the client's name. */
export const conversationUpdatedData = z.object({
  conversationId: id,
  conversation: eventConversation.optional(),
  clientName: z.string().nullable().optional(),
  tags: z.array(eventTag).optional(),
});

/** A new assignee (null: unassigned). A transfer also names the queues. */
export const conversationAssignedData = z.object({
  conversationId: id,
  conversation: eventConversation,
  operatorId: id.nullable(),
  fromOperatorId: id.nullable(),
  assignedBy: id.nullable(),
  kind: assignmentKind,
  fromQueueId: id.nullable().optional(),
  queueId: id.nullable().optional(),
});

export const noteCreatedData = z.object({
  conversationId: id,
  note: eventNote,
  mentions: z.array(id),
});

/** sla.warning and sla.breached: which target, when it is due, and when the event fired. */
export const slaEventData = z.object({
  conversationId: id,
  conversation: eventConversation,
  kind: slaKind,
  dueAt: timestamp,
  at: timestamp,
});

export const operatorUpdatedData = z.object({
  operatorId: id,
  availability: eventOperator.shape.availability,
  operator: eventOperator,
});

/** Each type's `data` schema. Typed against EventType: a type without a schema does not compile. */
export const eventDataSchemas = {
  'message.created': messageCreatedData,
  'message.updated': messageUpdatedData,
  'conversation.created': conversationCreatedData,
  'conversation.updated': conversationUpdatedData,
  'conversation.assigned': conversationAssignedData,
  'note.created': noteCreatedData,
  'sla.warning': slaEventData,
  'sla.breached': slaEventData,
  'operator.updated': operatorUpdatedData,
} as const satisfies Record<EventType, z.ZodType>;

const of = <T extends EventType>(type: T) => z.object({ type: z.literal(type), data: eventDataSchemas[type] });

/** `{type, data}` of every event. */
export const relayEvent = z.discriminatedUnion('type', [
  of('message.created'),
  of('message.updated'),
  of('conversation.created'),
  of('conversation.updated'),
  of('conversation.assigned'),
  of('note.created'),
  of('sla.warning'),
  of('sla.breached'),
  of('operator.updated'),
]);

const envelopeFields = {
  seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  tenantId: z.uuid(),
  at: z.iso.datetime({ offset: true }),
};
const enveloped = <T extends EventType>(type: T) => of(type).extend(envelopeFields);

/** The whole envelope a socket receives as `event` (and a sync page holds), typed by `type`. */
export const relayEnvelope = z.discriminatedUnion('type', [
  enveloped('message.created'),
  enveloped('message.updated'),
  enveloped('conversation.created'),
  enveloped('conversation.updated'),
  enveloped('conversation.assigned'),
  enveloped('note.created'),
  enveloped('sla.warning'),
  enveloped('sla.breached'),
  enveloped('operator.updated'),
]);

/** Why an envelope did not parse (the client reports it and skips the event). */
export type EventParseError = z.ZodError;

/** An event as the wire carries it (and as a parse returns it). */
export type RelayEvent = z.output<typeof relayEvent>;
/** An envelope as the wire carries it, narrowed by `type`. */
export type RelayEnvelope = z.output<typeof relayEnvelope>;
/** The event of one type: `EventOf<'message.created'>['data'].message`. */
export type EventOf<T extends EventType> = Extract<RelayEvent, { type: T }>;
export type EnvelopeOf<T extends EventType> = Extract<RelayEnvelope, { type: T }>;
/** What a writer passes as `data` of a type: the wire's shape, with Dates where the wire has ISO text. */
export type EventDataInput<T extends EventType> = z.input<(typeof eventDataSchemas)[T]>;
export type EventData<T extends EventType> = z.output<(typeof eventDataSchemas)[T]>;

/** Every type in the union is in `eventType` and back (a compile-time check). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const everyTypeHasASchema: Same<RelayEvent['type'], EventType> = true;
void everyTypeHasASchema;
