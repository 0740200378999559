// Me: the signed-in operator as GET /me answers, and their own changes
// (availability, alert settings) by PATCH /me.
import type { OperatorDto, PatchMeBody } from '@relay/contracts';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../lib/api.ts';

export type Me = OperatorDto & { settings: Record<string, unknown> };

export const meQueries = {
  me: () => queryOptions({ queryKey: ['me'] as const, queryFn: () => api<Me>('/me') }),
};

export const meRequests = {
  patch: (body: PatchMeBody) => api<Me>('/me', { method: 'PATCH', body }),
};
