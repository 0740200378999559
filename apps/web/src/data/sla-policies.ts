// SLA policies: the workspace's policies as GET /sla-policies answers, and
// their writes. Everything lives under ['sla-policies'] (the queue settings'
// policy picker too), so one invalidation of that prefix after a change
// refreshes every view of the policies.
import { apiRoutes, type SlaPolicy } from '@relay/contracts';
import { queryOptions } from '@tanstack/react-query';
import { call } from '../lib/api.ts';
import type { BodyOf } from './crud.ts';

const routes = apiRoutes.slaPolicies;

/** What the form sends: targets in seconds (the API also takes minutes; seconds never round). */
export type SlaPolicyInput = Pick<
  SlaPolicy,
  'name' | 'firstResponseSeconds' | 'resolutionSeconds' | 'warnAtPercent' | 'businessHours' | 'conditions' | 'isDefault'
>;

export const slaQueries = {
  all: () => ['sla-policies'] as const,
  list: () =>
    queryOptions({
      queryKey: [...slaQueries.all(), 'list'] as const,
      queryFn: () => call(routes.listSlaPolicies),
      select: (data) => data.items,
    }),
  // Its own key, for the queue settings' pickers: a longer staleTime, the same prefix.
  names: () =>
    queryOptions({
      queryKey: [...slaQueries.all(), 'names'] as const,
      queryFn: () => call(routes.listSlaPolicies),
      select: (data) => data.items,
      staleTime: 5 * 60_000,
    }),
};

export const slaRequests = {
  create: (body: BodyOf<typeof routes.createSlaPolicy>) => call(routes.createSlaPolicy, { body }),
  update: (id: string, body: BodyOf<typeof routes.updateSlaPolicy>) =>
    call(routes.updateSlaPolicy, { params: { id }, body }),
  remove: (id: string) => call(routes.deleteSlaPolicy, { params: { id } }),
};
