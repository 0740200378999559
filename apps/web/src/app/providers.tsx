'use client';
// Client-side context every page shares: the query cache and the background
// token refresh.
import { QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { SessionRefresher } from '../features/auth/session-refresher.tsx';
import { createQueryClient } from '../lib/query-client.ts';

export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(createQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <SessionRefresher />
      {children}
    </QueryClientProvider>
  );
}
