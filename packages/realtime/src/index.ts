// @relay/realtime: from committed events to sockets. The envelope, the
// publisher seam, the write-then-publish helper every writer uses, the room
// mapping and the publishers that use it, catch-up by seq, device acks and
// presence (who is connected, on any node).
export { type AckStore, ackHashKey, createAckStore } from './ack-store.ts';
export {
  CATCH_UP_BOUND,
  CATCH_UP_PAGE_MAX,
  type CatchUp,
  type CatchUpJson,
  catchUp,
  catchUpJson,
  needsReset,
} from './catch-up.ts';
export { conversationAudience, conversationPayload } from './conversation-events.ts';
export { type EventEnvelope, envelopeJson, toEnvelope } from './envelope.ts';
export { type LoggedEvent, loggedEvent } from './logged-event.ts';
export { operatorUpdatedPayload } from './operator-updated.ts';
export {
  createPresenceStore,
  type OperatorPresence,
  type PresenceSocket,
  type PresenceStore,
  type PresenceStoreDeps,
  presenceKeys,
} from './presence-store.ts';
export {
  announceAccessChanged,
  type EventPublisher,
  logOnlyPublisher,
  PUBLISH_WAIT_MS,
  type PublishErrorHandler,
  type PublishFailureReporterDeps,
  publishFailureReporter,
  publishSafely,
} from './publisher.ts';
export { DEFAULT_PUSH_GRACE_MS, needsAttention, PUSH_EVENT_TYPES } from './push-jobs.ts';
export {
  createRedisClient,
  duplicateRedisClient,
  logRedisState,
  REDIS_COMMAND_TIMEOUT_MS,
  REDIS_CONNECT_TIMEOUT_MS,
  type RedisClientOptions,
  type RedisProfile,
  type RedisStateLogger,
  redisClientOptions,
  redisReady,
} from './redis-client.ts';
export {
  createRedisPublisher,
  createRoomPublisher,
  type RedisPublisherOptions,
  type RoomTarget,
} from './room-publisher.ts';
export { type RoomMember, room, roomsFor, roomsOfMember } from './rooms.ts';
export {
  type Emit,
  type EventWriter,
  type TenantEmit,
  writeTenantsWithEvents,
  writeWithEvents,
} from './write-with-events.ts';
