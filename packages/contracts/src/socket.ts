// The Socket.IO contract (SPEC section 3): the handshake's auth, every
// client→server payload, the envelope and ephemeral shapes the server sends,
// and the typed event maps both ends are built on. The server parses every
// incoming payload with these schemas; the maps only type the happy path.
import { z } from 'zod';
import { availability } from './enums.ts';
import type { ErrorBody } from './errors.ts';

const seq = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** `auth` of the handshake: the access JWT and a stable id of this device. */
export const socketAuth = z.object({
  token: z.string().min(1).max(4096),
  deviceId: z.string().min(1).max(200),
});
export type SocketAuth = z.infer<typeof socketAuth>;

/** Refusals of the handshake, carried as `connect_error` with `data.code` (the last: retry later). */
export const connectErrorCode = z.enum([
  'unauthorized',
  'tenant_suspended',
  'too_many_connections',
  'rate_limited',
  'dependency_unavailable',
]);
export type ConnectErrorCode = z.infer<typeof connectErrorCode>;

// The event types and one schema per type's `data` (a discriminated union): events/.
export * from './events/index.ts';

/** What a socket receives as `event`. `type` stays open so an old client survives a new type. */
export const eventEnvelope = z.object({
  seq,
  type: z.string(),
  tenantId: z.uuid(),
  at: z.iso.datetime({ offset: true }),
  data: z.record(z.string(), z.unknown()),
});
export type EventEnvelope = z.infer<typeof eventEnvelope>;

// Client → server payloads.

export const syncPayload = z.object({ after: seq });
export type SyncPayload = z.infer<typeof syncPayload>;

export const ackPayload = z.object({ seq });
export type AckPayload = z.infer<typeof ackPayload>;

export const typingPayload = z.object({ conversationId: z.uuid(), isTyping: z.boolean() });
export type TypingPayload = z.infer<typeof typingPayload>;

export const watchPayload = z.object({ conversationId: z.uuid() });
export type WatchPayload = z.infer<typeof watchPayload>;

export const presenceSetPayload = z.object({ status: availability });
export type PresenceSetPayload = z.infer<typeof presenceSetPayload>;

/** A fresh access token for a connected socket (after `auth:expired`, or any time before). */
export const authRefreshPayload = z.object({ token: socketAuth.shape.token });
export type AuthRefreshPayload = z.infer<typeof authRefreshPayload>;

// Server → client.

export const syncReply = z.object({
  ok: z.literal(true),
  events: z.array(eventEnvelope),
  latestSeq: seq,
  /** The gap is too large (or the client is ahead, after a restore): refetch instead. */
  reset: z.boolean(),
});
export type SyncReply = z.infer<typeof syncReply>;

/** How far behind a client may be and still catch up event by event; beyond it `sync` answers reset. */
export const CATCH_UP_BOUND = 10_000;
/** The most events one `sync` returns; a full page means "sync again after the last seq". */
export const CATCH_UP_PAGE_MAX = 1000;

/**
 * Why `auth:expired` was sent. `token_expired`: send `auth:refresh` within
 * `graceMs` or be disconnected. The others end the socket at once; reconnecting
 * will be refused until the operator logs in again (or the tenant is restored).
 */
export const authExpiredReason = z.enum([
  'token_expired',
  'session_revoked',
  'session_expired',
  'operator_inactive',
  'tenant_suspended',
]);
export type AuthExpiredReason = z.infer<typeof authExpiredReason>;

export const authExpiredPayload = z.object({ reason: authExpiredReason, graceMs: z.number().int().min(0).optional() });
export type AuthExpiredPayload = z.infer<typeof authExpiredPayload>;

export const tickPayload = z.object({ latestSeq: seq });
export type TickPayload = z.infer<typeof tickPayload>;

export const typingBroadcast = z.object({ conversationId: z.uuid(), operatorId: z.uuid(), isTyping: z.boolean() });
export type TypingBroadcast = z.infer<typeof typingBroadcast>;

export const viewingBroadcast = z.object({ conversationId: z.uuid(), operatorIds: z.array(z.uuid()) });
export type ViewingBroadcast = z.infer<typeof viewingBroadcast>;

export const presenceBroadcast = z.object({
  operatorId: z.uuid(),
  status: availability,
  /** How many of the operator's devices are connected. */
  devices: z.number().int().min(0),
});
export type PresenceBroadcast = z.infer<typeof presenceBroadcast>;

/** Every ack either succeeds with `ok: true` (and the handler's fields) or carries the one error shape. */
export type AckReply<T extends object = {}> = ({ ok: true } & T) | ErrorBody;
export type Ack<T extends object = {}> = (reply: AckReply<T>) => void;

export type ClientToServerEvents = {
  sync: (payload: SyncPayload, ack: (reply: SyncReply | ErrorBody) => void) => void;
  ack: (payload: AckPayload, ack?: Ack<{ lastAckedSeq: number }>) => void;
  typing: (payload: TypingPayload, ack?: Ack) => void;
  'conversation:watch': (payload: WatchPayload, ack?: Ack) => void;
  'conversation:unwatch': (payload: WatchPayload, ack?: Ack) => void;
  'presence:set': (payload: PresenceSetPayload, ack?: Ack) => void;
  /** Replaces the socket's access token; same operator and tenant. The reply carries the new expiry. */
  'auth:refresh': (payload: AuthRefreshPayload, ack?: Ack<{ expiresAt: string }>) => void;
};

export type ServerToClientEvents = {
  event: (envelope: EventEnvelope) => void;
  tick: (payload: TickPayload) => void;
  typing: (payload: TypingBroadcast) => void;
  viewing: (payload: ViewingBroadcast) => void;
  presence: (payload: PresenceBroadcast) => void;
  /** The access token ran out (send `auth:refresh`), or the session ended (the socket is closed). */
  'auth:expired': (payload: AuthExpiredPayload) => void;
  /** This node is shutting down: the connection closes next; reconnect (to another node) and sync. */
  'server:draining': () => void;
};
