// Operators: the tenant's operators, active and deactivated, for names
// (assignee in the thread header), pickers and the operators admin section,
// and the admin writes (add, change role, capacity, deactivate).
import { apiRoutes } from '@relay/contracts';
import { queryOptions } from '@tanstack/react-query';
import { call } from '../lib/api.ts';
import type { BodyOf } from './crud.ts';

const routes = apiRoutes.operators;

export const operatorQueries = {
  all: () =>
    queryOptions({
      queryKey: ['operators'] as const,
      queryFn: () => call(routes.listOperators),
      staleTime: 5 * 60_000,
    }),
};

export const operatorRequests = {
  create: (body: BodyOf<typeof routes.createOperator>) => call(routes.createOperator, { body }),
  update: (id: string, body: BodyOf<typeof routes.updateOperator>) =>
    call(routes.updateOperator, { params: { id }, body }),
};
