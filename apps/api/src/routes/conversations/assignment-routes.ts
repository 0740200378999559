// POST /conversations/:id/assign {operatorId|null}. Operators may take an
// unassigned conversation, and hand on or give up their own; supervisors and
// admins may assign anything to anyone active. The move itself is
// @relay/inbox's assignConversation, as for the worker's router.
import { apiRoutes, atLeast } from '@relay/contracts';
import { getConversationItem } from '@relay/db';
import { assignConversation } from '@relay/inbox';
import { writeWithEvents } from '@relay/realtime';
import { Router } from 'express';
import type { ResolvedDeps } from '../../deps.ts';
import { AppError, notFound } from '../../errors/app-error.ts';
import { routeMounter } from '../../http/mount-route.ts';
import { viewerOf } from './conversation-access.ts';
import { conversationDto, conversationItemDto } from './conversation-dto.ts';

export function assignmentRoutes(deps: ResolvedDeps): Router {
  const router = Router();
  const mount = routeMounter(router, deps);
  mount(apiRoutes.conversations.assignConversation, async ({ params: { id }, body }, { req, principal: me }) => {
    return writeWithEvents(deps, me.tenantId, async (tx, emit) => {
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
      if (!conversation) return conversationItemDto(current);
      // Handing a conversation on can take it out of the caller's sight.
      const after = await getConversationItem(tx, me.tenantId, viewerOf(me), id);
      return after ? conversationItemDto(after) : conversationDto(conversation);
    });
  });
  return router;
}
