// The audit log: GET /audit-log, newest first, paged
// with the API's keyset cursor ("Load more" asks for the page after the last).
import { infiniteQueryOptions } from '@tanstack/react-query';
import { api } from '../lib/api.ts';

export type AuditEntry = {
  id: string;
  /** Null for the system (and for an operator since deleted, when operatorName is null too). */
  operatorId: string | null;
  operatorName: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  details: Record<string, unknown>;
  ip: string | null;
  createdAt: string;
};

export type AuditPage = { items: AuditEntry[]; nextCursor: string | null };

const PAGE_SIZE = 50;

export const auditLogQueries = {
  all: () => ['audit-log'] as const,
  list: () =>
    infiniteQueryOptions({
      queryKey: [...auditLogQueries.all(), 'list'] as const,
      queryFn: ({ pageParam }) => api<AuditPage>('/audit-log', { query: { limit: PAGE_SIZE, cursor: pageParam } }),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: (last) => last.nextCursor ?? undefined,
    }),
};
