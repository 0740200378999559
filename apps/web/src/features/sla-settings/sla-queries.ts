// The SLA settings feature's query factory: the workspace's SLA policies as
// GET /sla-policies answers. Everything lives under ['sla-policies'] (the
// queue settings' policy picker too), so one invalidation of that prefix after
// a change refreshes every view of the policies.
import type { BusinessHours, ChannelKind } from '@relay/contracts';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';

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

/** What the form sends: targets in seconds (the API also takes minutes; seconds never round). */
export type SlaPolicyInput = {
  name: string;
  firstResponseSeconds: number | null;
  resolutionSeconds: number | null;
  warnAtPercent: number;
  businessHours: BusinessHours | null;
  conditions: SlaConditions;
  isDefault: boolean;
};

export const slaQueries = {
  all: () => ['sla-policies'] as const,
  list: () =>
    queryOptions({
      queryKey: [...slaQueries.all(), 'list'] as const,
      queryFn: () => api<{ items: SlaPolicy[] }>('/sla-policies'),
      select: (data) => data.items,
    }),
};
