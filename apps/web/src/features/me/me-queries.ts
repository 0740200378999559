// The me feature's query factory: the signed-in operator as GET /me answers.
import type { OperatorDto } from '@relay/contracts';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';

export type Me = OperatorDto & { settings: Record<string, unknown> };

export const meQueries = {
  me: () => queryOptions({ queryKey: ['me'] as const, queryFn: () => api<Me>('/me') }),
};
