// Me: the signed-in operator as GET /me answers, and their own changes
// (availability, alert settings) by PATCH /me.
import { apiRoutes } from '@relay/contracts';
import { queryOptions } from '@tanstack/react-query';
import { call } from '../lib/api.ts';
import type { BodyOf } from './crud.ts';

const routes = apiRoutes.me;

export const meQueries = {
  me: () => queryOptions({ queryKey: ['me'] as const, queryFn: () => call(routes.getMe) }),
};

export const meRequests = {
  patch: (body: BodyOf<typeof routes.updateMe>) => call(routes.updateMe, { body }),
};
