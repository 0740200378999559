// Tags: the tenant's tag vocabulary as GET /tags answers it. One cache entry
// under ['tags'] serves the admin page, the inbox tag filter and the
// conversation tag editor, so a rename or recolour shows everywhere after one
// invalidation.
import type { CreateTagBody, PatchTagBody } from '@relay/contracts';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../lib/api.ts';
import { crudRequests } from './crud.ts';

export type Tag = {
  id: string;
  name: string;
  /** #rrggbb, lower-case. */
  color: string;
  createdAt: string;
  updatedAt: string;
};

export const tagQueries = {
  all: () =>
    queryOptions({
      queryKey: ['tags'] as const,
      queryFn: () => api<{ items: Tag[] }>('/tags'),
      staleTime: 5 * 60_000,
    }),
};

export const tagRequests = crudRequests<Tag, CreateTagBody, PatchTagBody>('/tags');
