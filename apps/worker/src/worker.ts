// createWorker: the background loops as a factory. Today that is outbound
// delivery; routing, SLA timers and push join it. Safe to run in several
// processes at once, and inside standalone.
import type { Config } from '@relay/config';
import type { Sql } from '@relay/db';
import type { Logger } from '@relay/logger';
import { createMetrics, type Metrics } from '@relay/metrics';
import { type EventPublisher, logOnlyPublisher } from '@relay/realtime';
import { type Loop, startDeliveryLoop } from './delivery/delivery-loop.ts';

export type WorkerConfig = Pick<Config, 'encryptionKey' | 'providers'>;

export type WorkerDeps = {
  sql: Sql;
  logger: Logger;
  config: WorkerConfig;
  publisher: EventPublisher;
  onPublishError: (error: unknown) => void;
  metrics: Metrics;
};

export type Worker = {
  /** Wakes the delivery loop now (this process just queued a job). */
  nudge(): void;
  stop(): Promise<void>;
};

export function createWorker(input: {
  sql: Sql;
  logger: Logger;
  config: WorkerConfig;
  publisher?: EventPublisher;
  metrics?: Metrics;
  pollMs?: number;
}): Worker {
  const deps: WorkerDeps = {
    ...input,
    publisher: input.publisher ?? logOnlyPublisher,
    onPublishError: (error) => input.logger.warn({ err: error }, 'event publish failed; clients will catch up by seq'),
    metrics: input.metrics ?? createMetrics({ app: 'worker' }),
  };
  const loops: Loop[] = [startDeliveryLoop(deps, { pollMs: input.pollMs ?? 500 })];
  return {
    nudge: () => {
      for (const loop of loops) loop.nudge();
    },
    stop: async () => {
      await Promise.all(loops.map((loop) => loop.stop()));
    },
  };
}
