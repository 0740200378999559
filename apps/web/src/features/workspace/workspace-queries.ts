// The workspace feature's query factory: the signed-in operator's workspace
// (GET /tenant) with its plan limits and current usage. The operators section
// invalidates it too, since adding or deactivating someone moves the usage.
import type { CurrentTenant } from '@relay/contracts';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';

export const workspaceQueries = {
  current: () =>
    queryOptions({
      queryKey: ['tenant'] as const,
      queryFn: () => api<CurrentTenant>('/tenant'),
    }),
};
