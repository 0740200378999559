// The operators feature's query factory: the tenant's operators, for names
// (assignee in the thread header) and, later, transfer pickers.
import type { OperatorDto } from '@relay/contracts';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';

export const operatorQueries = {
  all: () =>
    queryOptions({
      queryKey: ['operators'] as const,
      queryFn: () => api<{ items: OperatorDto[] }>('/operators'),
      staleTime: 5 * 60_000,
    }),
};
