// The audit log: GET /audit-log, newest first, paged
// with the API's keyset cursor ("Load more" asks for the page after the last).
import { apiRoutes } from '@relay/contracts';
import { infiniteQueryOptions } from '@tanstack/react-query';
import { call } from '../lib/api.ts';

const PAGE_SIZE = 50;

export const auditLogQueries = {
  all: () => ['audit-log'] as const,
  list: () =>
    infiniteQueryOptions({
      queryKey: [...auditLogQueries.all(), 'list'] as const,
      queryFn: ({ pageParam }) =>
        call(apiRoutes.auditLog.listAuditLog, { query: { limit: PAGE_SIZE, cursor: pageParam } }),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: (last) => last.nextCursor ?? undefined,
    }),
};
