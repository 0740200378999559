// POST /conversations/:id/messages/:messageId/retry: an operator's reply that
// failed for good goes back to pending, its error cleared, and its delivery
// job is queued again (the same job, started over), all in one transaction
// with its message.updated event and audit entry. Anything else is a 409.
import { messageParams, retryMessageBody } from '@relay/contracts';
import {
  DELIVER_MESSAGE_JOB,
  getConversationItem,
  lockConversationMessage,
  requeueJob,
  resetFailedMessage,
} from '@relay/db';
import { writeWithEvents } from '@relay/realtime';
import { Router } from 'express';
import type { ResolvedDeps } from '../../app.ts';
import { principalOf } from '../../auth/authenticate.ts';
import { AppError, notFound } from '../../errors/app-error.ts';
import { auditWrite } from '../../http/audit-write.ts';
import { parse } from '../../http/parse.ts';
import { conversationAudience, viewerOf } from './conversation-access.ts';

export function messageRetryRoutes(deps: ResolvedDeps): Router {
  const router = Router();

  router.post('/conversations/:id/messages/:messageId/retry', async (req, res) => {
    const { id, messageId } = parse(messageParams, req.params, 'params');
    parse(retryMessageBody, req.body, 'body');
    const me = principalOf(res);
    const message = await writeWithEvents(deps, me.tenantId, async (tx, emit) => {
      const conversation = await getConversationItem(tx, me.tenantId, viewerOf(me), id);
      if (!conversation) throw notFound('conversation');
      const current = await lockConversationMessage(tx, me.tenantId, id, messageId);
      if (!current) throw notFound('message');
      if (current.direction !== 'outbound' || current.actorType !== 'operator') {
        throw new AppError('conflict', 'only a reply an operator wrote can be retried');
      }
      if (current.status !== 'failed') {
        throw new AppError('conflict', `only a failed message can be retried; this one is ${current.status}`, {
          status: current.status,
        });
      }
      const reset = await resetFailedMessage(tx, me.tenantId, messageId, { retriedBy: me.operatorId });
      if (!reset) throw new AppError('conflict', 'the message changed while it was being retried');
      await requeueJob(tx, me.tenantId, {
        kind: DELIVER_MESSAGE_JOB,
        payload: { messageId },
        dedupeKey: messageId,
      });
      await auditWrite(tx, me, req, {
        action: 'message.retry',
        targetType: 'message',
        targetId: messageId,
        details: { conversationId: id, previousError: current.error },
      });
      await emit({
        type: 'message.updated',
        conversationId: id,
        audience: conversationAudience(conversation),
        payload: { conversationId: id, messageId, status: 'pending', error: null },
      });
      return reset;
    });
    deps.onJobsQueued?.();
    // Replies carry no attachments (sending takes text only), as the send route answers too.
    res.json({ ...message, attachments: [] });
  });

  return router;
}
