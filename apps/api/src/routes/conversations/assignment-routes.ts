// POST /conversations/:id/assign {operatorId|null}. Operators may take an
// unassigned conversation, and hand on or give up their own; supervisors and
// admins may assign anything to anyone active. Every change writes history,
// an audit row and a conversation.assigned event.
import { assignBody, idParams } from '@relay/contracts';
import { getConversationItem, getOperator } from '@relay/db';
import { writeWithEvents } from '@relay/realtime';
import { Router } from 'express';
import type { ResolvedDeps } from '../../app.ts';
import { isSupervisor, principalOf } from '../../auth/authenticate.ts';
import { AppError, notFound } from '../../errors/app-error.ts';
import { auditWrite } from '../../http/audit-write.ts';
import { parse } from '../../http/parse.ts';
import { conversationAudience, conversationPayload, viewerOf } from './conversation-access.ts';

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
      if (!isSupervisor(me.role)) {
        const takingFree = from === null && to === me.operatorId;
        const handingOwn = from === me.operatorId;
        if (!takingFree && !handingOwn) {
          throw new AppError('forbidden', 'operators can take unassigned conversations and hand on their own only');
        }
      }
      if (to) {
        const target = await getOperator(tx, me.tenantId, to);
        if (!target) throw notFound('operator');
        if (!target.isActive) throw new AppError('unprocessable', 'that operator is deactivated');
      }
      if (from === to) return current;

      const kind = to === null ? 'unassign' : from === null ? 'manual' : 'transfer';
      const [row] = await tx`
        update conversations set assigned_operator_id = ${to},
               status = case when status = 'new' and ${to}::uuid is not null then 'open' else status end
         where tenant_id = ${me.tenantId} and id = ${id}
        returning *`;
      await tx`
        insert into assignments (tenant_id, conversation_id, operator_id, from_operator_id, assigned_by, kind, reason)
        values (${me.tenantId}, ${id}, ${to}, ${from}, ${me.operatorId}, ${kind}, ${body.reason ?? null})`;
      await auditWrite(tx, me, req, {
        action: 'conversation.assign',
        targetType: 'conversation',
        targetId: id,
        details: { from, to, kind, reason: body.reason ?? null },
      });
      await emit({
        type: 'conversation.assigned',
        conversationId: id,
        audience: conversationAudience(current, [to]),
        payload: {
          ...conversationPayload(row as typeof current),
          operatorId: to,
          fromOperatorId: from,
          assignedBy: me.operatorId,
          kind,
        },
      });
      // Handing a conversation on can take it out of the caller's sight.
      return (
        (await getConversationItem(tx, me.tenantId, viewerOf(me), id)) ??
        conversationPayload(row as typeof current).conversation
      );
    });
    res.json(result);
  });
  return router;
}
