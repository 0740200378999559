// GET /events?after&limit: the same catch-up as the socket's sync. Answers
// reset: true when the caller is too far behind (or ahead, after a restore)
// to be brought up to date event by event; it must refetch instead.
// The route's contract is apiRoutes.events.listEvents in @relay/contracts.
import { apiRoutes } from '@relay/contracts';
import { catchUp } from '@relay/realtime';
import { Router } from 'express';
import type { ResolvedDeps } from '../../deps.ts';
import { routeMounter } from '../../http/mount-route.ts';
import { viewerOf } from '../conversations/conversation-access.ts';

export function eventRoutes(deps: ResolvedDeps): Router {
  const router = Router();
  const mount = routeMounter(router, deps);
  mount(apiRoutes.events.listEvents, ({ query }, { principal: me }) =>
    catchUp(deps.sql, viewerOf(me), me.tenantId, query.after, query.limit),
  );
  return router;
}
