// GET /events?after&limit: the same catch-up as the socket's sync. Answers
// reset: true when the caller is too far behind (or ahead, after a restore)
// to be brought up to date event by event; it must refetch instead.
import { eventsQuery } from '@relay/contracts';
import { latestSeq, readVisibleEvents, withTenant } from '@relay/db';
import { toEnvelope } from '@relay/realtime';
import { Router } from 'express';
import type { ResolvedDeps } from '../../app.ts';
import { principalOf } from '../../auth/authenticate.ts';
import { parse } from '../../http/parse.ts';
import { viewerOf } from '../conversations/conversation-access.ts';

/** How far behind a client may be and still catch up event by event. */
export const CATCH_UP_BOUND = 10_000;

export function eventRoutes({ sql }: ResolvedDeps): Router {
  const router = Router();
  router.get('/events', async (req, res) => {
    const query = parse(eventsQuery, req.query, 'query');
    const me = principalOf(res);
    const answer = await withTenant(sql, me.tenantId, async (tx) => {
      const latest = await latestSeq(tx, me.tenantId);
      if (query.after > latest || latest - query.after > CATCH_UP_BOUND) {
        return { events: [], latestSeq: latest, reset: true };
      }
      const rows = await readVisibleEvents(tx, me.tenantId, viewerOf(me), query.after, query.limit);
      return { events: rows.map(toEnvelope), latestSeq: latest, reset: false };
    });
    res.json(answer);
  });
  return router;
}
