// The routing loop: every tick scans, across tenants, for queues that route by
// themselves and have a waiting line, and routes each in its own transaction
// (route-batch.ts); every so often it also moves the open conversations of
// assignees who have been offline past the grace (ROUTING_OFFLINE_GRACE_MS).
// Presence comes from the gateway's store, read once per tenant per tick.
// Several workers may run it at once: queue row locks serialise them per queue.
import {
  isDependencyUnavailable,
  listOverdueQueueIds,
  listQuietAssignees,
  listRoutableQueues,
  type ScanKey,
  withTenant,
} from '@relay/db';
import type { OperatorPresence } from '@relay/realtime';
import type { WorkerDeps } from '../deps.ts';
import { type Loop, startPollLoop } from '../loops/poll-loop.ts';
import { type BatchResult, routeBatch } from './route-batch.ts';

/** Queues (and quiet assignees) looked at per tick; the scans page on by (tenant, id) so none waits for ever. */
const SCAN_PAGE = 200;
/** The offline sweep runs at most this often (and at least every grace/4, to keep its promise). */
const OFFLINE_SWEEP_MAX_MS = 5000;

export function startRoutingLoop(deps: WorkerDeps, options: { pollMs: number }): Loop {
  const graceMs = deps.config.routing.offlineGraceMs;
  const sweepEveryMs = Math.min(OFFLINE_SWEEP_MAX_MS, Math.max(options.pollMs, graceMs / 4));
  let queuesAfter: ScanKey | undefined;
  let assigneesAfter: ScanKey | undefined;
  let lastSweep = 0;

  function record(result: BatchResult) {
    for (const [kind, n] of result.moved) deps.metrics.routingAssignments.inc({ kind }, n);
  }

  /** One tenant's online operators, fetched at most once per tick. */
  function presenceOncePerTick() {
    const seen = new Map<string, Promise<Map<string, OperatorPresence>>>();
    return (tenantId: string) => {
      let online = seen.get(tenantId);
      if (!online) {
        online = deps.presence.onlineOperators(tenantId);
        seen.set(tenantId, online);
      }
      return online;
    };
  }

  async function routeWaiting(presenceOf: ReturnType<typeof presenceOncePerTick>): Promise<boolean> {
    const queues = await listRoutableQueues(deps.sql, { after: queuesAfter, limit: SCAN_PAGE });
    queuesAfter = queues.length === SCAN_PAGE ? queues.at(-1) : undefined;
    let again = queuesAfter !== undefined;
    for (const queue of queues) {
      try {
        const online = await presenceOf(queue.tenantId);
        if (!queue.operatorIds.some((id) => online.get(id)?.status === 'online')) continue;
        const result = await routeBatch(deps, queue.tenantId, queue.id, online, { from: 'waiting' });
        record(result);
        if (result.full) again = true;
      } catch (error) {
        // An outage fails every queue alike: the loop backs off and logs it once.
        if (isDependencyUnavailable(error)) throw error;
        deps.logger.warn({ err: error, tenantId: queue.tenantId, queueId: queue.id }, 'routing a queue failed');
      }
    }
    return again;
  }

  async function reassignOffline(presenceOf: ReturnType<typeof presenceOncePerTick>): Promise<boolean> {
    const quiet = await listQuietAssignees(deps.sql, { graceMs, after: assigneesAfter, limit: SCAN_PAGE });
    assigneesAfter = quiet.length === SCAN_PAGE ? quiet.at(-1) : undefined;
    let again = assigneesAfter !== undefined;
    const byTenant = new Map<string, string[]>();
    for (const { tenantId, id } of quiet) byTenant.set(tenantId, [...(byTenant.get(tenantId) ?? []), id]);
    for (const [tenantId, candidates] of byTenant) {
      try {
        // A live socket keeps an assignee's conversations, whatever availability they chose.
        const online = await presenceOf(tenantId);
        const offline = candidates.filter((id) => !online.has(id));
        if (offline.length === 0) continue;
        const queueIds = await withTenant(deps.sql, tenantId, (tx) =>
          listOverdueQueueIds(tx, tenantId, offline, graceMs),
        );
        for (const queueId of queueIds) {
          const source = { from: 'offline', operatorIds: offline, graceMs } as const;
          const result = await routeBatch(deps, tenantId, queueId, online, source);
          record(result);
          if (result.full) again = true;
        }
      } catch (error) {
        if (isDependencyUnavailable(error)) throw error;
        deps.logger.warn({ err: error, tenantId }, 'reassigning offline assignees failed');
      }
    }
    return again;
  }

  return startPollLoop({
    name: 'routing',
    logger: deps.logger,
    pollMs: options.pollMs,
    async tick() {
      const presenceOf = presenceOncePerTick();
      let again = false;
      // Offline first: those conversations have waited longest, and compete for the same free capacity.
      if (Date.now() - lastSweep >= sweepEveryMs) {
        lastSweep = Date.now();
        again = await reassignOffline(presenceOf);
        // A full page or batch: the sweep goes on in the next tick, not after the interval.
        if (again) lastSweep = 0;
      }
      if (await routeWaiting(presenceOf)) again = true;
      return { again };
    },
  });
}
