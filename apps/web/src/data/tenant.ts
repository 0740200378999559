// The tenant: the signed-in operator's workspace (GET /tenant) with its plan
// limits and current usage, and its settings (PATCH /tenant). The operators
// section invalidates it too, since adding or deactivating someone moves the
// usage.
import type { CurrentTenant, PatchTenantBody } from '@relay/contracts';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../lib/api.ts';

export const tenantQueries = {
  current: () =>
    queryOptions({
      queryKey: ['tenant'] as const,
      queryFn: () => api<CurrentTenant>('/tenant'),
    }),
};

export const tenantRequests = {
  patch: (body: PatchTenantBody) => api<CurrentTenant>('/tenant', { method: 'PATCH', body }),
};
