// Owns handing committed events to whatever delivers them to sockets. The
// event log is the source of truth: a publisher that fails loses nothing,
// clients catch up by seq (tick, then sync), so a publish never holds up the
// acknowledgement of the write it follows: it is waited for briefly, and a
// failure is counted and logged, never thrown.
import type { AccessChangedMessage } from '@relay/contracts';
import { type EventRow, unavailableDependency } from '@relay/db';

export type EventPublisher = {
  publish(events: EventRow[]): Promise<void>;
  /**
   * Tells every gateway node that these operators' access changed, so their
   * live sockets' rooms follow before any later event. Absent where no
   * gateway listens (tests, tools).
   */
  accessChanged?(message: AccessChangedMessage): Promise<void>;
};

/** For processes with no socket delivery configured (tests, tools). */
export const logOnlyPublisher: EventPublisher = { publish: async () => {} };

/**
 * The longest a write waits for its publish before answering. A healthy Redis
 * answers in a millisecond; past this the publish goes on by itself, so an
 * answer keeps its order with the events before it (one connection, in
 * order) without ever waiting on a Redis that cannot answer.
 */
export const PUBLISH_WAIT_MS = 250;

export type PublishErrorHandler = (error: unknown, events: EventRow[]) => void;

export async function publishSafely(
  publisher: EventPublisher,
  events: EventRow[],
  onError: PublishErrorHandler,
  waitMs = PUBLISH_WAIT_MS,
): Promise<void> {
  if (events.length === 0) return;
  await waitAtMost(
    () => publisher.publish(events),
    (error) => onError(error, events),
    waitMs,
  );
}

/**
 * Sends an access change after its commit, bounded like publishSafely. A
 * lost one is caught up by every gateway's periodic session check.
 */
export async function announceAccessChanged(
  deps: { publisher: EventPublisher; onPublishError: PublishErrorHandler },
  message: AccessChangedMessage,
  waitMs = PUBLISH_WAIT_MS,
): Promise<void> {
  const { publisher } = deps;
  if (!publisher.accessChanged || message.operators.length === 0) return;
  await waitAtMost(
    () => publisher.accessChanged?.(message),
    (error) => deps.onPublishError(error, []),
    waitMs,
  );
}

/** Starts send(); resolves when it settles or after waitMs, whichever is first; never rejects. */
async function waitAtMost(send: () => Promise<void> | undefined, onError: (error: unknown) => void, waitMs: number) {
  let sent: Promise<void>;
  try {
    sent = Promise.resolve(send()).catch(onError);
  } catch (error) {
    onError(error);
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([sent, new Promise((resolve) => (timer = setTimeout(resolve, waitMs)))]);
  clearTimeout(timer);
}

export type PublishFailureReporterDeps = {
  logger: { warn(fields: object, message: string): void };
  /** relay_events_publish_dropped_total, counted per event. */
  dropped?: { inc(labels: { reason: string }, value: number): void };
  /** At most one log line per this period while publishes keep failing (default 10 s). */
  quietMs?: number;
};

/**
 * The onPublishError of API, worker and gateway: every dropped event
 * counted; a log line for the first drop, then one per quiet period with how
 * many went since (an outage under load would otherwise log every write).
 */
export function publishFailureReporter(deps: PublishFailureReporterDeps): PublishErrorHandler {
  const quietMs = deps.quietMs ?? 10_000;
  let lastLogAt = Number.NEGATIVE_INFINITY;
  let unlogged = 0;
  return (error, events) => {
    const reason = unavailableDependency(error) === 'redis' ? 'redis_unavailable' : 'error';
    deps.dropped?.inc({ reason }, events.length);
    unlogged += events.length;
    const now = Date.now();
    if (now - lastLogAt < quietMs) return;
    lastLogAt = now;
    const message = error instanceof Error ? error.message : String(error);
    deps.logger.warn(
      { reason, error: message, droppedEvents: unlogged },
      'event publish dropped; clients catch up by seq',
    );
    unlogged = 0;
  };
}
