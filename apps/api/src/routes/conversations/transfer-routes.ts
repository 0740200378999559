// POST /conversations/:id/transfer {queueId, operatorId?, reason?}: moves a
// conversation to another queue, to someone there or into its waiting line.
// Operators may transfer conversations that are theirs or unassigned;
// supervisors and admins anything. The move, its history, audit and events
// are @relay/inbox's transferConversation.
import { apiRoutes, atLeast } from '@relay/contracts';
import { getConversationItem } from '@relay/db';
import { transferConversation } from '@relay/inbox';
import { writeWithEvents } from '@relay/realtime';
import { Router } from 'express';
import type { ResolvedDeps } from '../../deps.ts';
import { AppError, notFound } from '../../errors/app-error.ts';
import { routeMounter } from '../../http/mount-route.ts';
import { viewerOf } from './conversation-access.ts';
import { conversationDto, conversationItemDto } from './conversation-dto.ts';

export function transferRoutes(deps: ResolvedDeps): Router {
  const router = Router();
  const mount = routeMounter(router, deps);
  mount(apiRoutes.conversations.transferConversation, async ({ params: { id }, body }, { req, principal: me }) => {
    return writeWithEvents(deps, me.tenantId, async (tx, emit) => {
      const current = await getConversationItem(tx, me.tenantId, viewerOf(me), id);
      if (!current) throw notFound('conversation');
      const from = current.assignedOperatorId;
      if (!atLeast(me.role, 'supervisor') && from !== null && from !== me.operatorId) {
        throw new AppError('forbidden', 'operators can transfer unassigned conversations and their own only');
      }
      const after = await transferConversation(tx, emit, {
        tenantId: me.tenantId,
        conversation: current,
        queueId: body.queueId,
        to: body.operatorId,
        reason: body.reason ?? null,
        actor: { operatorId: me.operatorId, ip: req.ip ?? null },
      });
      if (!after) return conversationItemDto(current);
      // The new queue may be out of the caller's sight.
      const item = await getConversationItem(tx, me.tenantId, viewerOf(me), id);
      return item ? conversationItemDto(item) : conversationDto(after);
    });
  });
  return router;
}
