// POST /conversations/:id/assign {operatorId|null}. Operators may take an
// unassigned conversation, and hand on or give up their own; supervisors and
// admins may assign anything to anyone active. The move itself is
// @relay/inbox's assignConversation, as for the worker's router.
import { assignBody, atLeast, idParams } from '@relay/contracts';
import { getConversationItem } from '@relay/db';
import { assignConversation } from '@relay/inbox';
import { conversationPayload, writeWithEvents } from '@relay/realtime';
import { Router } from 'express';
import { principalOf } from '../../auth/authenticate.ts';
import type { ResolvedDeps } from '../../deps.ts';
import { AppError, notFound } from '../../errors/app-error.ts';
import { parse } from '../../http/parse.ts';
import { viewerOf } from './conversation-access.ts';

export function assignmentRoutes(deps: ResolvedDeps): Router {
  const router = Router();
  router.post('/conversations/:id/assign', async (req, res) => {
    const { id } = parse(idParams, req.params, 'params');
    const body = parse(assignBody, req.body, 'body');
    const me = principalOf(res);
    const result = await writeWithEvents(deps, me.tenantId, async (tx, emit) => {
      const current = await getConversationItem(tx, me.tenantId, viewerOf(me), id);
      if (!current) throw notFound('conversation');
      const from = current.assignedOperatorId;
      const to = body.operatorId;
      if (!atLeast(me.role, 'supervisor')) {
        const takingFree = from === null && to === me.operatorId;
        const handingOwn = from === me.operatorId;
        if (!takingFree && !handingOwn) {
          throw new AppError('forbidden', 'operators can take unassigned conversations and hand on their own only');
        }
      }
      const { conversation } = await assignConversation(tx, emit, {
        tenantId: me.tenantId,
        conversation: current,
        to,
        reason: body.reason ?? null,
        actor: { operatorId: me.operatorId, ip: req.ip ?? null },
      });
      if (!conversation) return current;
      // Handing a conversation on can take it out of the caller's sight.
      return (
        (await getConversationItem(tx, me.tenantId, viewerOf(me), id)) ?? conversationPayload(conversation).conversation
      );
    });
    res.json(result);
  });
  return router;
}
