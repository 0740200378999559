// GET /search?q: full text over message content and clients. Messages come
// only from conversations the caller may see (the inbox's visibility rule).
// The route's contract is apiRoutes.search.search in @relay/contracts.
import { apiRoutes } from '@relay/contracts';
import { searchClients, searchMessages, withTenant } from '@relay/db';
import { Router } from 'express';
import type { ResolvedDeps } from '../../deps.ts';
import { routeMounter } from '../../http/mount-route.ts';
import { wireDates } from '../../http/wire-dates.ts';
import { viewerOf } from '../conversations/conversation-access.ts';

const MAX_HITS = 20;

export function searchRoutes(deps: ResolvedDeps): Router {
  const { sql } = deps;
  const router = Router();
  const mount = routeMounter(router, deps);
  mount(apiRoutes.search.search, async ({ query: { q } }, { principal: me }) => {
    return withTenant(sql, me.tenantId, async (tx) => ({
      messages: (await searchMessages(tx, me.tenantId, viewerOf(me), q, MAX_HITS)).map(wireDates),
      clients: await searchClients(tx, me.tenantId, q, MAX_HITS),
    }));
  });
  return router;
}
