// Clients: one client with their identities and conversations (the thread's
// side panel), the search that finds a duplicate to merge, and the writes
// (attributes, merge). Mutations write back only through these keys.
import { apiRoutes } from '@relay/contracts';
import { queryOptions } from '@tanstack/react-query';
import { call } from '../lib/api.ts';
import type { BodyOf } from './crud.ts';

const routes = apiRoutes.clients;

const SEARCH_LIMIT = 8;

export const clientQueries = {
  all: () => ['clients'] as const,
  details: () => [...clientQueries.all(), 'detail'] as const,
  detail: (id: string) =>
    queryOptions({
      queryKey: [...clientQueries.details(), id] as const,
      queryFn: () => call(routes.getClient, { params: { id } }),
    }),
  search: (q: string) =>
    queryOptions({
      queryKey: [...clientQueries.all(), 'search', q] as const,
      queryFn: () => call(routes.listClients, { query: { q, limit: SEARCH_LIMIT } }),
      enabled: q.trim().length > 0,
      staleTime: 10_000,
    }),
};

export const clientRequests = {
  setAttributes: (id: string, attributes: Record<string, unknown>) =>
    call(routes.updateClient, { params: { id }, body: { attributes } }),
  merge: (id: string, body: BodyOf<typeof routes.mergeClient>) => call(routes.mergeClient, { params: { id }, body }),
};
