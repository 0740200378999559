// Canned responses: every response this operator may use (the workspace's
// shared ones and their own), as GET /canned-responses answers, and their
// writes. The composer filters them as the operator types after "/".
import { queryOptions } from '@tanstack/react-query';
import { api } from '../lib/api.ts';
import { crudRequests } from './crud.ts';

export type CannedResponse = {
  id: string;
  title: string;
  shortcut: string;
  content: string;
  category: string | null;
  shared: boolean;
  /** The operator a personal response belongs to; null when shared. */
  ownerId: string | null;
  usageCount: number;
  lastUsedAt: string | null;
  updatedAt: string;
};

/** What the form sends; scope (shared) is chosen once, at creation. */
export type CannedInput = {
  title: string;
  shortcut: string;
  content: string;
  category: string | null;
  shared?: boolean;
};

export const cannedQueries = {
  all: () =>
    queryOptions({
      queryKey: ['canned-responses'] as const,
      queryFn: () => api<{ items: CannedResponse[] }>('/canned-responses'),
      staleTime: 5 * 60_000,
    }),
};

export const cannedRequests = crudRequests<CannedResponse, CannedInput>('/canned-responses');

/** Those whose shortcut or title contains the query, shortcuts that start with it first. */
export function matchCanned(items: CannedResponse[], query: string): CannedResponse[] {
  const q = query.toLowerCase();
  const rank = (item: CannedResponse) =>
    item.shortcut.toLowerCase().startsWith(q) ? 0 : item.title.toLowerCase().startsWith(q) ? 1 : 2;
  return items
    .filter((item) => item.shortcut.toLowerCase().includes(q) || item.title.toLowerCase().includes(q))
    .sort((a, b) => rank(a) - rank(b) || a.shortcut.localeCompare(b.shortcut));
}

/** Counts a use (for the most-used ordering); a failure here must not disturb the reply. */
export function recordCannedUse(id: string): void {
  void api(`/canned-responses/${id}/use`, { method: 'POST', body: {} }).catch(() => undefined);
}
