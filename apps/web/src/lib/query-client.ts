// The one QueryClient of the page. Realtime events keep the cache fresh, so
// queries are not refetched on focus; a reconnect of the socket catches up by
// seq instead. Auth failures are not retried (api.ts already refreshed once).
import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './api.ts';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        retry: (failures, error) =>
          failures < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
      },
      mutations: { retry: false },
    },
  });
}
