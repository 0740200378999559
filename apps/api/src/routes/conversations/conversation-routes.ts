// The inbox: list views, one conversation, status/priority/stage changes
// (@relay/inbox's updateConversation), and read marks. Messages, notes, tags
// and assignment live beside this file.
// The routes' contracts (paths, scopes, schemas) are apiRoutes.conversations in @relay/contracts.
import { apiRoutes, encodeCursor } from '@relay/contracts';
import {
  getConversationItem,
  listConversationItems,
  listConversationTags,
  markConversationRead,
  readMarkTarget,
  withTenant,
} from '@relay/db';
import { updateConversation } from '@relay/inbox';
import { writeWithEvents } from '@relay/realtime';
import { Router } from 'express';
import type { ResolvedDeps } from '../../deps.ts';
import { notFound } from '../../errors/app-error.ts';
import { routeMounter } from '../../http/mount-route.ts';
import { assignmentRoutes } from './assignment-routes.ts';
import { viewerOf } from './conversation-access.ts';
import { conversationItemDto } from './conversation-dto.ts';
import { messageRoutes } from './message-routes.ts';
import { noteAndTagRoutes } from './note-and-tag-routes.ts';
import { transferRoutes } from './transfer-routes.ts';

const routes = apiRoutes.conversations;

export function conversationRoutes(deps: ResolvedDeps): Router {
  const { sql } = deps;
  const router = Router();
  const mount = routeMounter(router, deps);

  mount(routes.listConversations, async ({ query }, { principal: me }) => {
    const items = await withTenant(sql, me.tenantId, (tx) =>
      listConversationItems(tx, me.tenantId, viewerOf(me), {
        view: query.view,
        statuses: query.status,
        queueId: query.queueId,
        channel: query.channel,
        tagId: query.tag,
        q: query.q,
        limit: query.limit + 1,
        cursor: query.cursor,
      }),
    );
    const page = items.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map(conversationItemDto),
      nextCursor: items.length > query.limit && last ? encodeCursor(last.cursorAt, last.id) : null,
    };
  });

  mount(routes.getConversation, async ({ params: { id } }, { principal: me }) => {
    const item = await withTenant(sql, me.tenantId, async (tx) => {
      const conversation = await getConversationItem(tx, me.tenantId, viewerOf(me), id);
      if (!conversation) return undefined;
      return { ...conversation, tags: await listConversationTags(tx, me.tenantId, id) };
    });
    if (!item) throw notFound('conversation');
    return conversationItemDto(item);
  });

  mount(routes.updateConversation, async ({ params: { id }, body }, { req, principal: me }) => {
    const updated = await writeWithEvents(deps, me.tenantId, async (tx, emit) => {
      const conversation = await getConversationItem(tx, me.tenantId, viewerOf(me), id);
      if (!conversation) throw notFound('conversation');
      await updateConversation(tx, emit, {
        tenantId: me.tenantId,
        conversation,
        changes: body,
        actor: { operatorId: me.operatorId, ip: req.ip ?? null },
      });
      // The answer is the list row as the caller sees it (with its client, queue and unread count).
      return getConversationItem(tx, me.tenantId, viewerOf(me), id);
    });
    if (!updated) throw notFound('conversation');
    return conversationItemDto(updated);
  });

  mount(routes.markConversationRead, async ({ params: { id }, body }, { principal: me }) => {
    await withTenant(sql, me.tenantId, async (tx) => {
      if (!(await getConversationItem(tx, me.tenantId, viewerOf(me), id))) throw notFound('conversation');
      const lastReadMessageId = await readMarkTarget(tx, me.tenantId, id, body.messageId);
      if (lastReadMessageId === undefined) throw notFound('message');
      await markConversationRead(tx, me.tenantId, { conversationId: id, operatorId: me.operatorId, lastReadMessageId });
    });
  });

  router.use(assignmentRoutes(deps));
  router.use(messageRoutes(deps));
  router.use(noteAndTagRoutes(deps));
  router.use(transferRoutes(deps));
  return router;
}
