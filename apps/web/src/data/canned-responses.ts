// Canned responses: every response this operator may use (the workspace's
// shared ones and their own), as GET /canned-responses answers, and their
// writes. The composer filters them as the operator types after "/".
import { apiRoutes, type CannedResponse } from '@relay/contracts';
import { queryOptions } from '@tanstack/react-query';
import { call } from '../lib/api.ts';
import type { BodyOf } from './crud.ts';

const routes = apiRoutes.cannedResponses;

/** What the form sends; scope (shared) is chosen once, at creation. */
export type CannedInput = Pick<CannedResponse, 'title' | 'shortcut' | 'content' | 'category'> &
  Partial<Pick<CannedResponse, 'shared'>>;

export const cannedQueries = {
  all: () =>
    queryOptions({
      queryKey: ['canned-responses'] as const,
      queryFn: () => call(routes.listCannedResponses),
      staleTime: 5 * 60_000,
    }),
};

export const cannedRequests = {
  create: (body: BodyOf<typeof routes.createCannedResponse>) => call(routes.createCannedResponse, { body }),
  update: (id: string, body: BodyOf<typeof routes.updateCannedResponse>) =>
    call(routes.updateCannedResponse, { params: { id }, body }),
  remove: (id: string) => call(routes.deleteCannedResponse, { params: { id } }),
};

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
  void call(routes.recordCannedResponseUse, { params: { id }, body: {} }).catch(() => undefined);
}
