// Polls the jobs table for due deliveries. Several workers can run it at once:
// claims use FOR UPDATE SKIP LOCKED and leases, so no job runs twice.
// nudge() wakes it early when this process just queued something.
import { randomUUID } from 'node:crypto';
import { claimJobs, DELIVER_MESSAGE_JOB, releaseExpiredLeases } from '@relay/db';
import type { WorkerDeps } from '../worker.ts';
import { deliverMessage } from './deliver-message.ts';

const BATCH = 20;
const LEASE_SECONDS = 60;

export type Loop = { stop(): Promise<void>; nudge(): void };

export function startDeliveryLoop(deps: WorkerDeps, options: { pollMs: number }): Loop {
  const workerId = `worker-${randomUUID()}`;
  let running = true;
  let wake: (() => void) | undefined;
  let lastLeaseSweep = 0;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const done = (async () => {
    while (running) {
      let claimed = 0;
      try {
        if (Date.now() - lastLeaseSweep > 5000) {
          lastLeaseSweep = Date.now();
          await releaseExpiredLeases(deps.sql);
        }
        const jobs = await claimJobs(deps.sql, {
          kinds: [DELIVER_MESSAGE_JOB],
          limit: BATCH,
          leaseSeconds: LEASE_SECONDS,
          workerId,
        });
        claimed = jobs.length;
        await Promise.all(
          jobs.map(async (job) => {
            const { channel, outcome } = await deliverMessage(deps, job);
            deps.metrics.outboundDeliveries.inc({ channel, outcome });
          }),
        );
      } catch (error) {
        deps.logger.error({ err: error }, 'delivery loop error');
      }
      if (running && claimed < BATCH) await sleep(options.pollMs);
    }
  })();

  return {
    nudge: () => wake?.(),
    async stop() {
      running = false;
      wake?.();
      await done;
    },
  };
}
