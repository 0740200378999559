// @relay/realtime: from committed events to sockets. The envelope, the
// publisher seam, and the write-then-publish helper every writer uses.
export { type EventEnvelope, toEnvelope } from './envelope.ts';
export { type EventPublisher, logOnlyPublisher, publishSafely } from './publisher.ts';
export { type Emit, writeWithEvents } from './write-with-events.ts';
