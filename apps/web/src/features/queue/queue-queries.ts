// The live queue feature's query factory: GET /queue-stats (supervisors and
// up). It is refetched when a relevant event arrives (use-live-queue.ts), not
// polled, so it never goes stale on a timer.
import type { QueueStatsResponse } from '@relay/contracts';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';

export const queueQueries = {
  all: () => ['queue-stats'] as const,
  stats: () =>
    queryOptions({
      queryKey: [...queueQueries.all(), 'live'] as const,
      queryFn: () => api<QueueStatsResponse>('/queue-stats'),
      staleTime: Number.POSITIVE_INFINITY,
    }),
};
