import { z } from 'zod';
import { channelKind, conversationStatus } from '../enums.ts';
import { cursorParam, limitParam } from './common.ts';
import { isoTime } from './iso-time.ts';

export const listClientsQuery = z.object({
  q: z.string().trim().min(1).max(200).optional(),
  limit: limitParam(100, 30),
  cursor: cursorParam.optional(),
});

/** Spaces, dashes and brackets are dropped, so one number is one value however it was typed. */
const phone = z
  .string()
  .trim()
  .transform((value) => value.replace(/[\s().-]/g, ''))
  .pipe(z.string().regex(/^\+?\d{3,20}$/, 'a phone number is 3-20 digits, optionally after +'));

export const patchClientBody = z
  .object({
    name: z.string().trim().min(1).max(200).nullable().optional(),
    phone: phone.nullable().optional(),
    email: z.string().trim().toLowerCase().email().max(320).nullable().optional(),
    /** Merged into the stored attributes: keys given replace theirs, others stay. */
    attributes: z.record(z.string().max(100), z.unknown()).optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'nothing to change');
export type PatchClientBody = z.infer<typeof patchClientBody>;

export const mergeClientBody = z.object({
  /** The duplicate: its identities and conversations move to the client in the path. */
  mergedClientId: z.uuid(),
  reason: z.string().trim().max(500).optional(),
});

/** A client as the API sends it (GET /clients, PATCH /clients/:id). */
export const client = z.object({
  id: z.uuid(),
  name: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  attributes: z.record(z.string(), z.unknown()),
  /** Set once this client was merged into another (the master). */
  mergedIntoId: z.uuid().nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
});
export type Client = z.infer<typeof client>;

export const clientPage = z.object({ items: z.array(client), nextCursor: z.string().nullable() });
export type ClientPage = z.infer<typeof clientPage>;

/** One way the client reaches us: a channel and their id (or username, or number) there. */
export const clientIdentity = z.object({
  id: z.uuid(),
  clientId: z.uuid(),
  channel: channelKind,
  externalId: z.string(),
  displayName: z.string().nullable(),
  username: z.string().nullable(),
  createdAt: isoTime,
});
export type ClientIdentity = z.infer<typeof clientIdentity>;

/** One of the client's conversations the caller may see, most recent first. */
export const clientConversation = z.object({
  id: z.uuid(),
  status: conversationStatus,
  priority: z.number().int(),
  queueId: z.uuid().nullable(),
  assignedOperatorId: z.uuid().nullable(),
  channelAccountId: z.uuid(),
  channel: channelKind,
  messageCount: z.number().int().min(0),
  lastMessageAt: isoTime,
  createdAt: isoTime,
});
export type ClientConversation = z.infer<typeof clientConversation>;

/** GET /clients/:id and the merge's answer: the client with identities and recent conversations. */
export const clientDetail = client.extend({
  identities: z.array(clientIdentity),
  conversations: z.array(clientConversation),
});
export type ClientDetail = z.infer<typeof clientDetail>;
