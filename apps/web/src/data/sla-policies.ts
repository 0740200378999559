// SLA policies: the workspace's policies as GET /sla-policies answers, and
// their writes. Everything lives under ['sla-policies'] (the queue settings'
// policy picker too), so one invalidation of that prefix after a change
// refreshes every view of the policies.
import type { BusinessHours, ChannelKind } from '@relay/contracts';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../lib/api.ts';
import { crudRequests } from './crud.ts';

export type SlaConditions = {
  channels?: ChannelKind[];
  queueIds?: string[];
  priorityAtLeast?: number;
};

export type SlaPolicy = {
  id: string;
  name: string;
  firstResponseSeconds: number | null;
  resolutionSeconds: number | null;
  warnAtPercent: number;
  businessHours: BusinessHours | null;
  conditions: SlaConditions;
  isDefault: boolean;
  createdAt: string;
  updatedAt: string;
};

export type SlaPolicyName = { id: string; name: string; isDefault: boolean };

/** What the form sends: targets in seconds (the API also takes minutes; seconds never round). */
export type SlaPolicyInput = Omit<SlaPolicy, 'id' | 'createdAt' | 'updatedAt'>;

export const slaQueries = {
  all: () => ['sla-policies'] as const,
  list: () =>
    queryOptions({
      queryKey: [...slaQueries.all(), 'list'] as const,
      queryFn: () => api<{ items: SlaPolicy[] }>('/sla-policies'),
      select: (data) => data.items,
    }),
  // Its own key, for the queue settings' pickers: a longer staleTime, the same prefix.
  names: () =>
    queryOptions({
      queryKey: [...slaQueries.all(), 'names'] as const,
      queryFn: () => api<{ items: SlaPolicyName[] }>('/sla-policies'),
      select: (data) => data.items,
      staleTime: 5 * 60_000,
    }),
};

export const slaRequests = crudRequests<SlaPolicy, SlaPolicyInput>('/sla-policies');
