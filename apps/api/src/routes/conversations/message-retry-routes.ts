// POST /conversations/:id/messages/:messageId/retry: an operator's reply that
// failed for good goes back to pending and is delivered again (@relay/inbox's
// retryReply); anything else is a 409.
import { apiRoutes } from '@relay/contracts';
import { getConversationItem } from '@relay/db';
import { retryReply } from '@relay/inbox';
import { writeWithEvents } from '@relay/realtime';
import { Router } from 'express';
import type { ResolvedDeps } from '../../deps.ts';
import { notFound } from '../../errors/app-error.ts';
import { routeMounter } from '../../http/mount-route.ts';
import { viewerOf } from './conversation-access.ts';
import { messageDto } from './conversation-dto.ts';

export function messageRetryRoutes(deps: ResolvedDeps): Router {
  const router = Router();
  const mount = routeMounter(router, deps);

  mount(apiRoutes.conversations.retryMessage, async ({ params: { id, messageId } }, { req, principal: me }) => {
    const message = await writeWithEvents(deps, me.tenantId, async (tx, emit) => {
      const conversation = await getConversationItem(tx, me.tenantId, viewerOf(me), id);
      if (!conversation) throw notFound('conversation');
      return retryReply(tx, emit, {
        tenantId: me.tenantId,
        conversation,
        messageId,
        actor: { operatorId: me.operatorId, ip: req.ip ?? null },
      });
    });
    deps.onJobsQueued?.(['delivery']);
    // Replies carry no attachments (sending takes text only), as the send route answers too.
    return messageDto({ ...message, attachments: [] });
  });

  return router;
}
