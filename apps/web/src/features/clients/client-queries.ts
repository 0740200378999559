// The clients feature's query factory: one client with their identities and
// conversations (the thread's side panel), and the search that finds a
// duplicate to merge. Mutations write back only through these keys.
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import type { ClientDetail, ClientPage } from './client-types.ts';

const SEARCH_LIMIT = 8;

export const clientQueries = {
  all: () => ['clients'] as const,
  details: () => [...clientQueries.all(), 'detail'] as const,
  detail: (id: string) =>
    queryOptions({
      queryKey: [...clientQueries.details(), id] as const,
      queryFn: () => api<ClientDetail>(`/clients/${id}`),
    }),
  search: (q: string) =>
    queryOptions({
      queryKey: [...clientQueries.all(), 'search', q] as const,
      queryFn: () => api<ClientPage>('/clients', { query: { q, limit: SEARCH_LIMIT } }),
      enabled: q.trim().length > 0,
      staleTime: 10_000,
    }),
};
