// Owns handing committed events to whatever delivers them to sockets. The
// event log is the source of truth: a publisher that fails loses nothing,
// clients catch up by seq, so failures are logged and swallowed here.
import type { EventRow } from '@relay/db';

export type EventPublisher = {
  publish(events: EventRow[]): Promise<void>;
};

/** For processes with no socket delivery configured (tests, tools). */
export const logOnlyPublisher: EventPublisher = { publish: async () => {} };

export async function publishSafely(
  publisher: EventPublisher,
  events: EventRow[],
  onError: (error: unknown) => void,
): Promise<void> {
  if (events.length === 0) return;
  try {
    await publisher.publish(events);
  } catch (error) {
    onError(error);
  }
}
