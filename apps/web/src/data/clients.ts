// Clients: one client with their identities and conversations (the thread's
// side panel), the search that finds a duplicate to merge, and the writes
// (attributes, merge). Mutations write back only through these keys.
import { queryOptions } from '@tanstack/react-query';
import type { Client, ClientDetail, ClientPage } from '../features/clients/client-types.ts';
import { api } from '../lib/api.ts';

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

export const clientRequests = {
  setAttributes: (id: string, attributes: Record<string, unknown>) =>
    api<Client>(`/clients/${id}`, { method: 'PATCH', body: { attributes } }),
  merge: (id: string, body: { mergedClientId: string; reason?: string }) =>
    api<ClientDetail>(`/clients/${id}/merge`, { method: 'POST', body }),
};
