// The supervisor's live queue: management information, so supervisors and up only.
import { queueStatsResponse } from '../http/queue-stats.ts';
import { defineRoute } from './define-route.ts';

export const queueStatsRoutes = {
  getQueueStats: defineRoute({
    method: 'GET',
    path: '/queue-stats',
    operationId: 'getQueueStats',
    summary: 'The live queue: waiting lines, SLAs at risk or breached, operator presence and load (supervisor+)',
    tag: 'queues',
    role: 'supervisor',
    responses: { 200: queueStatsResponse },
  }),
};
