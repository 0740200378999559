// GET /search?q: full text over message content and clients. Messages come
// only from conversations the caller may see (the inbox's visibility rule).
import { searchQuery } from '@relay/contracts';
import { searchClients, searchMessages, withTenant } from '@relay/db';
import { Router } from 'express';
import { principalOf } from '../../auth/authenticate.ts';
import type { ResolvedDeps } from '../../deps.ts';
import { parse } from '../../http/parse.ts';
import { viewerOf } from '../conversations/conversation-access.ts';

const MAX_HITS = 20;

export function searchRoutes({ sql }: ResolvedDeps): Router {
  const router = Router();
  router.get('/search', async (req, res) => {
    const { q } = parse(searchQuery, req.query, 'query');
    const me = principalOf(res);
    const found = await withTenant(sql, me.tenantId, async (tx) => ({
      messages: await searchMessages(tx, me.tenantId, viewerOf(me), q, MAX_HITS),
      clients: await searchClients(tx, me.tenantId, q, MAX_HITS),
    }));
    res.json(found);
  });
  return router;
}
