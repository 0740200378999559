// createWorker: the background loops as a factory — outbound delivery,
// routing, SLA timers and push fallback. Safe to run in several processes at
// once (row locks, SKIP LOCKED, leases), and inside standalone.
import type { Sql } from '@relay/db';
import { createEgress, type Egress, type Resolver } from '@relay/egress';
import type { Logger } from '@relay/logger';
import { createMetrics, type Metrics } from '@relay/metrics';
import type { PushSender } from '@relay/push';
import {
  type AckStore,
  createAckStore,
  createPresenceStore,
  type EventPublisher,
  logOnlyPublisher,
  type PresenceStore,
  publishFailureReporter,
} from '@relay/realtime';
import type { Redis } from 'ioredis';
import { startDeliveryLoop } from './delivery/delivery-loop.ts';
import type { WorkerConfig, WorkerDeps } from './deps.ts';
import type { Loop } from './loops/poll-loop.ts';
import { startPushLoop } from './push/push-loop.ts';
import { startRoutingLoop } from './routing/routing-loop.ts';
import { startSlaLoop } from './sla/sla-loop.ts';

export type { WorkerConfig, WorkerDeps } from './deps.ts';

/** The worker's loops, by what they do. */
export type LoopName = 'delivery' | 'push' | 'sla' | 'routing';

export type Worker = {
  /** Wakes these loops now, or all of them (this process just queued work). */
  nudge(loops?: readonly LoopName[]): void;
  /**
   * Stops claiming jobs and waits for the ticks in flight to finish, at most timeoutMs when given.
   * True when they all finished; a job left running past the deadline keeps its lease and is
   * retried by another worker once the lease runs out.
   */
  stop(options?: { timeoutMs?: number }): Promise<boolean>;
};

export type WorkerInput = {
  sql: Sql;
  logger: Logger;
  config: WorkerConfig;
  publisher?: EventPublisher;
  metrics?: Metrics;
  presence?: PresenceStore;
  acks?: AckStore;
  push?: PushSender;
  redis?: Redis;
  /** How often the job loops poll when idle (ms). */
  pollMs?: number;
  /** DNS for outbound requests; the system's when absent (tests make a name resolve where they need). */
  resolver?: Resolver;
};

/** The deployment's provider base URLs are trusted; callbacks and redirects must pass the policy. */
export function workerEgress(config: WorkerConfig, logger: Logger, metrics: Metrics, resolver?: Resolver): Egress {
  return createEgress({
    resolver,
    allow: config.outbound.allow,
    trustedUrls: [config.providers.telegramBaseUrl, config.providers.whatsappBaseUrl],
    onRefused: (reason) => {
      metrics.egressRefused.inc({ caller: 'worker' });
      logger.warn({ reason }, 'outbound request refused by the egress policy');
    },
  });
}

export function createWorker(input: WorkerInput): Worker {
  const metrics = input.metrics ?? createMetrics({ app: 'worker' });
  const deps: WorkerDeps = {
    sql: input.sql,
    logger: input.logger,
    config: input.config,
    publisher: input.publisher ?? logOnlyPublisher,
    onPublishError: publishFailureReporter({ logger: input.logger, dropped: metrics.eventsPublishDropped }),
    metrics,
    // Alone, with no gateway to share stores with, nobody is connected (and routing stays off, below).
    presence: input.presence ?? createPresenceStore({ sql: input.sql }),
    acks: input.acks ?? createAckStore(),
    push: input.push,
    pushGraceMs: input.config.push.graceMs,
    redis: input.redis,
    egress: workerEgress(input.config, input.logger, metrics, input.resolver),
  };
  const pollMs = input.pollMs ?? 500;
  let stopping: Promise<boolean> | undefined;
  const loops: [LoopName, Loop][] = [
    ['delivery', startDeliveryLoop(deps, { pollMs })],
    ['push', startPushLoop(deps, { pollMs: Math.max(pollMs, 1000) })],
    ['sla', startSlaLoop(deps)],
  ];
  // Routing needs the gateway's presence: a worker blind to it would see every
  // assignee as offline and, after the grace, hand all their work back.
  if (input.presence) loops.push(['routing', startRoutingLoop(deps, { pollMs })]);
  else input.logger.warn('routing is off: this worker cannot see who is connected (scaled mode needs REDIS_URL)');
  return {
    nudge: (which) => {
      for (const [name, loop] of loops) if (!which || which.includes(name)) loop.nudge();
    },
    // Once: a second call (a second signal, a test's teardown) waits for the same stop.
    stop: ({ timeoutMs } = {}) => {
      stopping ??= (async () => {
        const stopped = Promise.all(loops.map(([, loop]) => loop.stop())).then(() => true);
        let timer: NodeJS.Timeout | undefined;
        const deadline = new Promise<boolean>((resolve) => {
          if (timeoutMs !== undefined) timer = setTimeout(() => resolve(false), timeoutMs);
        });
        const finished = await Promise.race([stopped, deadline]);
        clearTimeout(timer);
        // Outbound connections close after the last job that uses them, which may outlive the deadline.
        const egressClosed = stopped.then(() => deps.egress.close());
        if (finished) await egressClosed;
        else egressClosed.catch(() => {});
        return finished;
      })();
      return stopping;
    },
  };
}
