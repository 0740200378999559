// The worker's dependencies: what every loop and job handler gets once createWorker (worker.ts) has
// filled in the defaults. They import these types from here, never from worker.ts, which imports
// them all (no import cycles; scripts/check-import-cycles.mjs).
import type { Config } from '@relay/config';
import type { Sql } from '@relay/db';
import type { Egress } from '@relay/egress';
import type { Logger } from '@relay/logger';
import type { Metrics } from '@relay/metrics';
import type { PushSender } from '@relay/push';
import type { AckStore, EventPublisher, PresenceStore, PublishErrorHandler } from '@relay/realtime';
import type { Redis } from 'ioredis';

export type WorkerConfig = Pick<Config, 'encryptionKey' | 'providers' | 'outbound' | 'push' | 'routing'>;

export type WorkerDeps = {
  sql: Sql;
  logger: Logger;
  config: WorkerConfig;
  publisher: EventPublisher;
  onPublishError: PublishErrorHandler;
  metrics: Metrics;
  /** Who is connected (the gateway's store: Redis in scaled mode, shared memory in standalone). */
  presence: PresenceStore;
  /** What each device acked (the gateway's store). */
  acks: AckStore;
  /** FCM; undefined when no credentials are configured (pushes are recorded as skipped). */
  push: PushSender | undefined;
  /** How long an event waits in the log for a device to ack it before push fallback reads it (PUSH_GRACE_MS). */
  pushGraceMs: number;
  /** Shared counters across workers (push rate limits); memory when absent. */
  redis: Redis | undefined;
  /** Every outbound HTTP request (channel sends) goes through it: the address policy, pinning, caps. */
  egress: Egress;
};
