// Queues: the workspace's queues as GET /queues answers (routing, SLA policy,
// members, counts), and their writes. Mutations write the answer back into
// this one list; the inbox filters and pickers read it too.
import type { CreateQueueBody, RoutingMode } from '@relay/contracts';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../lib/api.ts';
import { crudRequests } from './crud.ts';

export type QueueSetting = {
  id: string;
  name: string;
  routingMode: RoutingMode;
  slaPolicyId: string | null;
  isDefault: boolean;
  memberIds: string[];
  counts: { waiting: number; assigned: number };
  createdAt: string;
  updatedAt: string;
};

export const ROUTING_LABELS: Record<RoutingMode, string> = {
  manual: 'Manual',
  round_robin: 'Round robin',
  least_loaded: 'Least loaded',
};

/** What the forms send: isDefault may be left out (the API's default is false). */
export type QueueInput = Omit<CreateQueueBody, 'isDefault'> & { isDefault?: boolean };

export const queueQueries = {
  all: () =>
    queryOptions({
      queryKey: ['queues'] as const,
      queryFn: () => api<{ items: QueueSetting[] }>('/queues'),
      select: (data) => data.items,
    }),
};

export const queueRequests = {
  ...crudRequests<QueueSetting, QueueInput>('/queues'),
  setMembers: (id: string, operatorIds: string[]) =>
    api<QueueSetting>(`/queues/${id}/members`, { method: 'PUT', body: { operatorIds } }),
};
