// GET /events?after&limit: the same catch-up as the socket's sync. Answers
// reset: true when the caller is too far behind (or ahead, after a restore)
// to be brought up to date event by event; it must refetch instead.
import { eventsQuery } from '@relay/contracts';
import { catchUp } from '@relay/realtime';
import { Router } from 'express';
import { requireScope } from '../../auth/api-key-auth.ts';
import { principalOf } from '../../auth/authenticate.ts';
import type { ResolvedDeps } from '../../deps.ts';
import { parse } from '../../http/parse.ts';
import { viewerOf } from '../conversations/conversation-access.ts';

export function eventRoutes({ sql }: ResolvedDeps): Router {
  const router = Router();
  router.get('/events', requireScope('events:read'), async (req, res) => {
    const query = parse(eventsQuery, req.query, 'query');
    const me = principalOf(res);
    res.json(await catchUp(sql, viewerOf(me), me.tenantId, query.after, query.limit));
  });
  return router;
}
