// The tenant: the signed-in operator's workspace (GET /tenant) with its plan
// limits and current usage, and its settings (PATCH /tenant). The operators
// section invalidates it too, since adding or deactivating someone moves the
// usage.
import { apiRoutes } from '@relay/contracts';
import { queryOptions } from '@tanstack/react-query';
import { call } from '../lib/api.ts';
import type { BodyOf } from './crud.ts';

const routes = apiRoutes.tenants;

export const tenantQueries = {
  current: () =>
    queryOptions({
      queryKey: ['tenant'] as const,
      queryFn: () => call(routes.getTenant),
    }),
};

export const tenantRequests = {
  patch: (body: BodyOf<typeof routes.updateTenant>) => call(routes.updateTenant, { body }),
};
