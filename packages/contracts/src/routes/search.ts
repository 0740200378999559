// Workspace search: messages (only from conversations the caller may see) and clients.
import { searchQuery, searchResults } from '../http/search.ts';
import { defineRoute } from './define-route.ts';

export const searchRoutes = {
  search: defineRoute({
    method: 'GET',
    path: '/search',
    operationId: 'search',
    summary: 'Full-text search over messages and clients',
    tag: 'search',
    query: searchQuery,
    responses: { 200: searchResults },
  }),
};
