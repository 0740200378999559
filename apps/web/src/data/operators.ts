// Operators: the tenant's operators, active and deactivated, for names
// (assignee in the thread header), pickers and the operators admin section,
// and the admin writes (add, change role, capacity, deactivate).
import type { CreateOperatorBody, OperatorDto, PatchOperatorBody } from '@relay/contracts';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../lib/api.ts';
import { crudRequests } from './crud.ts';

/** An operator as GET /operators lists them (operatorListDto in the API). */
export type OperatorListItem = OperatorDto & { lastSeenAt: string | null; createdAt: string };

export const operatorQueries = {
  all: () =>
    queryOptions({
      queryKey: ['operators'] as const,
      queryFn: () => api<{ items: OperatorListItem[] }>('/operators'),
      staleTime: 5 * 60_000,
    }),
};

export const operatorRequests = crudRequests<OperatorListItem, CreateOperatorBody, PatchOperatorBody>('/operators');
