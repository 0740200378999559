// The live queue: GET /queue-stats (supervisors and up). It is refetched when
// a relevant event arrives (features/queue/use-live-queue.ts), not polled, so
// it never goes stale on a timer.
import { apiRoutes } from '@relay/contracts';
import { queryOptions } from '@tanstack/react-query';
import { call } from '../lib/api.ts';

export const queueStatsQueries = {
  all: () => ['queue-stats'] as const,
  stats: () =>
    queryOptions({
      queryKey: [...queueStatsQueries.all(), 'live'] as const,
      queryFn: () => call(apiRoutes.queueStats.getQueueStats),
      staleTime: Number.POSITIVE_INFINITY,
    }),
};
