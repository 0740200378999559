// GET /queue-stats: the supervisor's live queue. Supervisors and up only: it
// shows every queue's line and every colleague's load and presence, which is
// management information, and an operator's own work is already in the inbox.
// Presence comes from the store the gateway fills (standalone shares it, the
// scaled API reads Redis); without one `connected` is null, not a guess.
// The route's contract (path, schema) is apiRoutes.queueStats.getQueueStats in @relay/contracts.
import { apiRoutes, QUEUE_STATS_LIST_CAP, type QueueStatsResponse } from '@relay/contracts';
import {
  listOperatorLoads,
  listQueueWaiting,
  listSlaClocks,
  listWaitingConversations,
  transactionNow,
  withTenant,
} from '@relay/db';
import { Router } from 'express';
import type { ResolvedDeps } from '../../deps.ts';
import { routeMounter } from '../../http/mount-route.ts';

const iso = (at: Date | null) => (at ? at.toISOString() : null);

export function queueStatsRoutes(deps: ResolvedDeps): Router {
  const { sql, presence } = deps;
  const router = Router();
  const mount = routeMounter(router, deps);

  mount(apiRoutes.queueStats.getQueueStats, async (_input, { principal: me }) => {
    // Sequential on purpose: one transaction, and PGlite has a single session.
    const data = await withTenant(sql, me.tenantId, async (tx) => {
      const queues = await listQueueWaiting(tx, me.tenantId);
      const waiting = await listWaitingConversations(tx, me.tenantId, QUEUE_STATS_LIST_CAP);
      const clocks = await listSlaClocks(tx, me.tenantId, QUEUE_STATS_LIST_CAP);
      const operators = await listOperatorLoads(tx, me.tenantId);
      return { queues, waiting, clocks, operators, generatedAt: await transactionNow(tx) };
    });
    const live = presence ? await presence.liveDevices(me.tenantId) : undefined;

    const body: QueueStatsResponse = {
      queues: data.queues.map((q) => ({
        id: q.id,
        name: q.name,
        routingMode: q.routingMode,
        waiting: q.waiting,
        oldestWaitingSince: iso(q.oldestWaitingSince),
        waitingConversations: data.waiting
          .filter((w) => w.queueId === q.id)
          .map((w) => ({ conversationId: w.conversationId, clientName: w.clientName, since: w.since.toISOString() })),
        atRisk: data.clocks
          .filter((c) => c.queueId === q.id && c.state === 'at_risk')
          .map((c) => ({
            conversationId: c.conversationId,
            clientName: c.clientName,
            assignedOperatorId: c.assignedOperatorId,
            kind: c.kind,
            warnAt: iso(c.warnAt),
            dueAt: c.dueAt.toISOString(),
          })),
        breached: data.clocks
          .filter((c) => c.queueId === q.id && c.state === 'breached')
          .map((c) => ({
            conversationId: c.conversationId,
            clientName: c.clientName,
            assignedOperatorId: c.assignedOperatorId,
            kind: c.kind,
            dueAt: c.dueAt.toISOString(),
          })),
      })),
      operators: data.operators.map((o) => ({
        id: o.id,
        name: o.name,
        role: o.role,
        availability: o.availability,
        connected: live ? live.has(o.id) : null,
        load: o.load,
        capacity: o.capacity,
      })),
      generatedAt: data.generatedAt.toISOString(),
    };
    return body;
  });

  return router;
}
