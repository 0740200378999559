// The queue settings feature's query factory: the workspace's queues as
// GET /queues answers (routing, SLA policy, members, counts) and the SLA
// policies' names for the pickers. Mutations write back with these keys only.
import type { RoutingMode } from '@relay/contracts';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';

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

export type SlaPolicyName = { id: string; name: string; isDefault: boolean };

export const ROUTING_LABELS: Record<RoutingMode, string> = {
  manual: 'Manual',
  round_robin: 'Round robin',
  least_loaded: 'Least loaded',
};

export const queueSettingsQueries = {
  all: () =>
    queryOptions({
      queryKey: ['queues'] as const,
      queryFn: () => api<{ items: QueueSetting[] }>('/queues'),
      select: (data) => data.items,
    }),
  // Its own key under 'sla-policies': the SLA section's changes (which
  // invalidate that prefix) refresh these names too.
  slaPolicyNames: () =>
    queryOptions({
      queryKey: ['sla-policies', 'names'] as const,
      queryFn: () => api<{ items: SlaPolicyName[] }>('/sla-policies'),
      select: (data) => data.items,
      staleTime: 5 * 60_000,
    }),
};

type QueueList = { items: QueueSetting[] } | undefined;

/** The list with one queue put in (created) or replaced (updated). */
export function withQueue(data: QueueList, queue: QueueSetting): QueueList {
  if (!data) return data;
  const exists = data.items.some((item) => item.id === queue.id);
  return {
    items: exists ? data.items.map((item) => (item.id === queue.id ? queue : item)) : [...data.items, queue],
  };
}

export function withoutQueue(data: QueueList, id: string): QueueList {
  return data && { items: data.items.filter((item) => item.id !== id) };
}
