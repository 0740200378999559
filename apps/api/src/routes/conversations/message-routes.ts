// The thread (GET, newest first with a cursor) and sending (POST): the reply is
// committed as `pending` together with its delivery job and events; the worker
// delivers it. A repeated clientMessageId returns the first message, unchanged.
import { encodeCursor, idParams, listMessagesQuery, sendMessageBody } from '@relay/contracts';
import {
  DELIVER_MESSAGE_JOB,
  enqueueJob,
  getConversationItem,
  insertOutboundMessage,
  listMessages,
  type MessageRow,
  type Queryable,
  recordMessageOnConversation,
  withTenant,
} from '@relay/db';
import { writeWithEvents } from '@relay/realtime';
import { Router } from 'express';
import type { ResolvedDeps } from '../../app.ts';
import { requireScope } from '../../auth/api-key-auth.ts';
import { principalOf } from '../../auth/authenticate.ts';
import { AppError, notFound } from '../../errors/app-error.ts';
import { parse } from '../../http/parse.ts';
import { attachmentContentRoutes } from './attachment-content-routes.ts';
import { conversationAudience, conversationPayload, viewerOf } from './conversation-access.ts';
import { messageRetryRoutes } from './message-retry-routes.ts';

async function withAttachments<M extends MessageRow>(tx: Queryable, tenantId: string, messages: M[]) {
  if (messages.length === 0) return [];
  const rows = await tx<({ messageId: string } & Record<string, unknown>)[]>`
    select * from message_attachments where tenant_id = ${tenantId} and message_id = any(${messages.map((m) => m.id)})
     order by created_at, id`;
  return messages.map((message) => ({ ...message, attachments: rows.filter((a) => a.messageId === message.id) }));
}

export function messageRoutes(deps: ResolvedDeps): Router {
  const router = Router();

  router.get('/conversations/:id/messages', requireScope('conversations:read'), async (req, res) => {
    const { id } = parse(idParams, req.params, 'params');
    const query = parse(listMessagesQuery, req.query, 'query');
    const me = principalOf(res);
    const page = await withTenant(deps.sql, me.tenantId, async (tx) => {
      if (!(await getConversationItem(tx, me.tenantId, viewerOf(me), id))) throw notFound('conversation');
      const rows = await listMessages(tx, me.tenantId, id, { before: query.before, limit: query.limit + 1 });
      return withAttachments(tx, me.tenantId, rows);
    });
    const items = page.slice(0, query.limit);
    const last = items.at(-1);
    res.json({
      items: items.map(({ cursorAt: _cursorAt, ...message }) => message),
      nextCursor: page.length > query.limit && last ? encodeCursor(last.cursorAt, last.id) : null,
    });
  });

  router.post('/conversations/:id/messages', requireScope('conversations:write'), async (req, res) => {
    const { id } = parse(idParams, req.params, 'params');
    const body = parse(sendMessageBody, req.body, 'body');
    const me = principalOf(res);
    // An integration's reply is a bot's, marked with its key; no operator wrote it.
    const sender = me.apiKey
      ? { actorType: 'bot' as const, actorId: null, metadata: { apiKeyId: me.apiKey.id } }
      : { actorType: 'operator' as const, actorId: me.operatorId, metadata: {} as Record<string, unknown> };
    const { message, created } = await writeWithEvents(deps, me.tenantId, async (tx, emit) => {
      const conversation = await getConversationItem(tx, me.tenantId, viewerOf(me), id);
      if (!conversation) throw notFound('conversation');
      // Serialises sends in one conversation so counters and first-response stay exact.
      await tx`select 1 from conversations where tenant_id = ${me.tenantId} and id = ${id} for no key update`;
      const sent = await insertOutboundMessage(tx, me.tenantId, {
        conversationId: id,
        channelAccountId: conversation.channelAccountId,
        actorType: sender.actorType,
        actorId: sender.actorId,
        metadata: sender.metadata,
        clientMessageId: body.clientMessageId,
        type: body.type,
        content: body.content,
        replyToId: body.replyToId ?? null,
      });
      if (!sent.created) {
        const same =
          sent.message.conversationId === id &&
          sent.message.actorId === sender.actorId &&
          sent.message.metadata.apiKeyId === sender.metadata.apiKeyId;
        if (!same || sent.message.content !== body.content) {
          throw new AppError('conflict', 'this clientMessageId was already used for a different message');
        }
        return sent;
      }
      const updated = await recordMessageOnConversation(tx, me.tenantId, id, {
        actorType: sender.actorType,
        createdAt: sent.message.createdAt,
      });
      await enqueueJob(tx, me.tenantId, {
        kind: DELIVER_MESSAGE_JOB,
        payload: { messageId: sent.message.id },
        dedupeKey: sent.message.id,
      });
      const audience = conversationAudience(conversation);
      await emit({
        type: 'message.created',
        conversationId: id,
        audience,
        payload: { conversationId: id, message: { ...sent.message, attachments: [] } },
      });
      await emit({ type: 'conversation.updated', conversationId: id, audience, payload: conversationPayload(updated) });
      return sent;
    });
    if (created) deps.onJobsQueued?.();
    res.status(created ? 201 : 200).json({ ...message, attachments: [] });
  });

  router.use(messageRetryRoutes(deps));
  router.use(attachmentContentRoutes(deps));
  return router;
}
