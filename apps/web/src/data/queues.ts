// Queues: the workspace's queues as GET /queues answers (routing, SLA policy,
// members, counts), and their writes. Mutations write the answer back into
// this one list; the inbox filters and pickers read it too.
import { apiRoutes, type RoutingMode } from '@relay/contracts';
import { queryOptions } from '@tanstack/react-query';
import { call } from '../lib/api.ts';
import type { BodyOf } from './crud.ts';

const routes = apiRoutes.queues;

export const ROUTING_LABELS: Record<RoutingMode, string> = {
  manual: 'Manual',
  round_robin: 'Round robin',
  least_loaded: 'Least loaded',
};

export const queueQueries = {
  all: () =>
    queryOptions({
      queryKey: ['queues'] as const,
      queryFn: () => call(routes.listQueues),
      select: (data) => data.items,
    }),
};

export const queueRequests = {
  create: (body: BodyOf<typeof routes.createQueue>) => call(routes.createQueue, { body }),
  update: (id: string, body: BodyOf<typeof routes.updateQueue>) => call(routes.updateQueue, { params: { id }, body }),
  remove: (id: string) => call(routes.deleteQueue, { params: { id } }),
  setMembers: (id: string, operatorIds: string[]) =>
    call(routes.replaceQueueMembers, { params: { id }, body: { operatorIds } }),
};
