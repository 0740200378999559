// The thread (GET, newest first with a cursor) and sending (POST): the route
// finds the conversation in the caller's sight and hands the reply to
// @relay/inbox's sendReply (pending message, delivery job, events; a repeated
// clientMessageId returns the first message, unchanged).
import { apiRoutes, encodeCursor } from '@relay/contracts';
import {
  getConversationItem,
  listMessageAttachments,
  listMessages,
  type MessageRow,
  type Queryable,
  withTenant,
} from '@relay/db';
import { type ReplySender, sendReply } from '@relay/inbox';
import { writeWithEvents } from '@relay/realtime';
import { Router } from 'express';
import type { ResolvedDeps } from '../../deps.ts';
import { notFound } from '../../errors/app-error.ts';
import { routeMounter } from '../../http/mount-route.ts';
import { attachmentContentRoutes } from './attachment-content-routes.ts';
import { viewerOf } from './conversation-access.ts';
import { messageDto } from './conversation-dto.ts';
import { messageRetryRoutes } from './message-retry-routes.ts';

async function withAttachments<M extends MessageRow>(tx: Queryable, tenantId: string, messages: M[]) {
  const rows = await listMessageAttachments(
    tx,
    tenantId,
    messages.map((m) => m.id),
  );
  return messages.map((message) => ({ ...message, attachments: rows.filter((a) => a.messageId === message.id) }));
}

export function messageRoutes(deps: ResolvedDeps): Router {
  const router = Router();
  const mount = routeMounter(router, deps);

  mount(apiRoutes.conversations.listMessages, async ({ params: { id }, query }, { principal: me }) => {
    const page = await withTenant(deps.sql, me.tenantId, async (tx) => {
      if (!(await getConversationItem(tx, me.tenantId, viewerOf(me), id))) throw notFound('conversation');
      const rows = await listMessages(tx, me.tenantId, id, { before: query.before, limit: query.limit + 1 });
      return withAttachments(tx, me.tenantId, rows);
    });
    const items = page.slice(0, query.limit);
    const last = items.at(-1);
    return {
      items: items.map(({ cursorAt: _cursorAt, ...row }) => messageDto(row)),
      nextCursor: page.length > query.limit && last ? encodeCursor(last.cursorAt, last.id) : null,
    };
  });

  mount(apiRoutes.conversations.sendMessage, async ({ params: { id }, body }, { principal: me }) => {
    // An integration's reply is a bot's, marked with its key; no operator wrote it.
    const sender: ReplySender = me.apiKey
      ? { actorType: 'bot', metadata: { apiKeyId: me.apiKey.id } }
      : { actorType: 'operator', actorId: me.operatorId };
    const { message, created } = await writeWithEvents(deps, me.tenantId, async (tx, emit) => {
      const conversation = await getConversationItem(tx, me.tenantId, viewerOf(me), id);
      if (!conversation) throw notFound('conversation');
      return sendReply(tx, emit, {
        tenantId: me.tenantId,
        conversation,
        sender,
        clientMessageId: body.clientMessageId,
        type: body.type,
        content: body.content,
        replyToId: body.replyToId ?? null,
      });
    });
    if (created) deps.onJobsQueued?.(['delivery']);
    // Both answers carry the message with attachments: [] (a reply has none), as sendReply returns it.
    return { status: created ? (201 as const) : (200 as const), body: messageDto(message) };
  });

  router.use(messageRetryRoutes(deps));
  router.use(attachmentContentRoutes(deps));
  return router;
}
