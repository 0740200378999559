// Tags: the tenant's tag vocabulary as GET /tags answers it. One cache entry
// under ['tags'] serves the admin page, the inbox tag filter and the
// conversation tag editor, so a rename or recolour shows everywhere after one
// invalidation.
import { apiRoutes } from '@relay/contracts';
import { queryOptions } from '@tanstack/react-query';
import { call } from '../lib/api.ts';
import type { BodyOf } from './crud.ts';

const routes = apiRoutes.tags;

export const tagQueries = {
  all: () =>
    queryOptions({
      queryKey: ['tags'] as const,
      queryFn: () => call(routes.listTags),
      staleTime: 5 * 60_000,
    }),
};

export const tagRequests = {
  create: (body: BodyOf<typeof routes.createTag>) => call(routes.createTag, { body }),
  update: (id: string, body: BodyOf<typeof routes.updateTag>) => call(routes.updateTag, { params: { id }, body }),
  remove: (id: string) => call(routes.deleteTag, { params: { id } }),
};
