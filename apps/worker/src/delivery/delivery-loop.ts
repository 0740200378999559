// Polls the jobs table for due deliveries. Several workers can run it at once:
// claims use FOR UPDATE SKIP LOCKED and leases, so no job runs twice.
// nudge() wakes it early when this process just queued something.
import { randomUUID } from 'node:crypto';
import { DELIVER_MESSAGE_JOB, releaseExpiredLeases } from '@relay/db';
import type { WorkerDeps } from '../deps.ts';
import { claimParsedJobs } from '../jobs/claim-parsed-jobs.ts';
import { type Loop, startPollLoop } from '../loops/poll-loop.ts';
import { deliverMessage } from './deliver-message.ts';

const BATCH = 20;
const LEASE_SECONDS = 60;

export function startDeliveryLoop(deps: WorkerDeps, options: { pollMs: number }): Loop {
  const workerId = `worker-${randomUUID()}`;
  let lastLeaseSweep = 0;
  return startPollLoop({
    name: 'delivery',
    logger: deps.logger,
    pollMs: options.pollMs,
    async tick() {
      if (Date.now() - lastLeaseSweep > 5000) {
        lastLeaseSweep = Date.now();
        await releaseExpiredLeases(deps.sql);
      }
      const { jobs, claimed } = await claimParsedJobs(deps, DELIVER_MESSAGE_JOB, {
        limit: BATCH,
        leaseSeconds: LEASE_SECONDS,
        workerId,
      });
      await Promise.all(
        jobs.map(async (job) => {
          const { channel, outcome } = await deliverMessage(deps, job);
          deps.metrics.outboundDeliveries.inc({ channel, outcome });
          deps.metrics.jobs.inc({ kind: DELIVER_MESSAGE_JOB, outcome });
        }),
      );
      return { again: claimed === BATCH };
    },
  });
}
