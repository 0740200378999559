// POST /conversations/:id/transfer {queueId, operatorId?, reason?}: moves a
// conversation to another queue, to someone there or into its waiting line.
// Operators may transfer conversations that are theirs or unassigned;
// supervisors and admins anything. History, audit, and the events assign
// writes: conversation.updated to the old queue (the row leaves its lists)
// and conversation.assigned to the new one (it arrives in theirs).
import { idParams, transferBody } from '@relay/contracts';
import { getConversationItem, getOperator, getQueue, transferConversation } from '@relay/db';
import { writeWithEvents } from '@relay/realtime';
import { Router } from 'express';
import type { ResolvedDeps } from '../../app.ts';
import { isSupervisor, principalOf } from '../../auth/authenticate.ts';
import { AppError, notFound } from '../../errors/app-error.ts';
import { auditWrite } from '../../http/audit-write.ts';
import { parse } from '../../http/parse.ts';
import { conversationAudience, conversationPayload, viewerOf } from './conversation-access.ts';

export function transferRoutes(deps: ResolvedDeps): Router {
  const router = Router();
  router.post('/conversations/:id/transfer', async (req, res) => {
    const { id } = parse(idParams, req.params, 'params');
    const body = parse(transferBody, req.body, 'body');
    const me = principalOf(res);
    const result = await writeWithEvents(deps, me.tenantId, async (tx, emit) => {
      const current = await getConversationItem(tx, me.tenantId, viewerOf(me), id);
      if (!current) throw notFound('conversation');
      const from = current.assignedOperatorId;
      const to = body.operatorId;
      if (!isSupervisor(me.role) && from !== null && from !== me.operatorId) {
        throw new AppError('forbidden', 'operators can transfer unassigned conversations and their own only');
      }
      if (!(await getQueue(tx, me.tenantId, body.queueId))) {
        throw new AppError('unprocessable', 'queueId names no queue of this workspace', [
          { path: ['queueId'], message: 'no such queue', code: 'custom' },
        ]);
      }
      if (to) {
        const target = await getOperator(tx, me.tenantId, to);
        if (!target) throw notFound('operator');
        if (!target.isActive) throw new AppError('unprocessable', 'that operator is deactivated');
      }
      if (current.queueId === body.queueId && from === to) return current;

      const moved = await transferConversation(tx, me.tenantId, {
        conversationId: id,
        queueId: body.queueId,
        operatorId: to,
        assignedBy: me.operatorId,
        reason: body.reason ?? null,
      });
      if (!moved) throw notFound('conversation');
      const { after } = moved;
      const fromQueueId = current.queueId;
      await auditWrite(tx, me, req, {
        action: 'conversation.transfer',
        targetType: 'conversation',
        targetId: id,
        details: { fromQueueId, queueId: body.queueId, from, to, reason: body.reason ?? null },
      });
      await emit({
        type: 'conversation.updated',
        conversationId: id,
        audience: conversationAudience(current, [to]),
        payload: conversationPayload(after),
      });
      await emit({
        type: 'conversation.assigned',
        conversationId: id,
        audience: conversationAudience(after, [from]),
        payload: {
          ...conversationPayload(after),
          operatorId: to,
          fromOperatorId: from,
          assignedBy: me.operatorId,
          kind: 'transfer',
          fromQueueId,
          queueId: body.queueId,
        },
      });
      // The new queue may be out of the caller's sight.
      return (await getConversationItem(tx, me.tenantId, viewerOf(me), id)) ?? conversationPayload(after).conversation;
    });
    res.json(result);
  });
  return router;
}
