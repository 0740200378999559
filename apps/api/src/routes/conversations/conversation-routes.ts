// The inbox: list views, one conversation, status/priority/stage changes,
// and read marks. Messages, notes, tags and assignment live beside this file.
import { encodeCursor, idParams, listConversationsQuery, patchConversationBody, readBody } from '@relay/contracts';
import {
  type ConversationRow,
  getConversationItem,
  listConversationItems,
  recordSlaMet,
  restartSlaAfterReopen,
  withTenant,
} from '@relay/db';
import { writeWithEvents } from '@relay/realtime';
import { Router } from 'express';
import type { ResolvedDeps } from '../../app.ts';
import { requireScope } from '../../auth/api-key-auth.ts';
import { principalOf } from '../../auth/authenticate.ts';
import { notFound } from '../../errors/app-error.ts';
import { auditWrite } from '../../http/audit-write.ts';
import { parse } from '../../http/parse.ts';
import { assignmentRoutes } from './assignment-routes.ts';
import { conversationAudience, conversationPayload, viewerOf } from './conversation-access.ts';
import { messageRoutes } from './message-routes.ts';
import { noteAndTagRoutes } from './note-and-tag-routes.ts';
import { transferRoutes } from './transfer-routes.ts';

export function conversationRoutes(deps: ResolvedDeps): Router {
  const { sql } = deps;
  const router = Router();

  router.get('/conversations', requireScope('conversations:read'), async (req, res) => {
    const query = parse(listConversationsQuery, req.query, 'query');
    const me = principalOf(res);
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
    res.json({
      items: page.map(({ cursorAt: _cursorAt, ...item }) => item),
      nextCursor: items.length > query.limit && last ? encodeCursor(last.cursorAt, last.id) : null,
    });
  });

  router.get('/conversations/:id', requireScope('conversations:read'), async (req, res) => {
    const { id } = parse(idParams, req.params, 'params');
    const me = principalOf(res);
    const item = await withTenant(sql, me.tenantId, async (tx) => {
      const conversation = await getConversationItem(tx, me.tenantId, viewerOf(me), id);
      if (!conversation) return undefined;
      const tags = await tx`
        select t.id, t.name, t.color from conversation_tags ct join tags t on t.tenant_id = ct.tenant_id and t.id = ct.tag_id
         where ct.tenant_id = ${me.tenantId} and ct.conversation_id = ${id} order by t.name`;
      return { ...conversation, tags };
    });
    if (!item) throw notFound('conversation');
    res.json(item);
  });

  router.patch('/conversations/:id', async (req, res) => {
    const { id } = parse(idParams, req.params, 'params');
    const body = parse(patchConversationBody, req.body, 'body');
    const me = principalOf(res);
    const updated = await writeWithEvents(deps, me.tenantId, async (tx, emit) => {
      const current = await getConversationItem(tx, me.tenantId, viewerOf(me), id);
      if (!current) throw notFound('conversation');
      const status = body.status ?? current.status;
      const [row] = await tx`
        update conversations set
          status = ${status},
          priority = ${body.priority ?? current.priority},
          stage_id = ${body.stageId === undefined ? current.stageId : body.stageId},
          snoozed_until = ${status === 'snoozed' ? (body.snoozedUntil ?? current.snoozedUntil) : null},
          resolved_at = case when ${status} = 'resolved' then coalesce(resolved_at, now()) else null end,
          attributes = attributes || ${tx.json((body.attributes ?? {}) as never)}
         where tenant_id = ${me.tenantId} and id = ${id}
        returning *`;
      // Resolving in time meets the resolution SLA; reopening by hand restarts the clocks.
      let changed = row as ConversationRow;
      if (status === 'resolved' && current.status !== 'resolved') {
        await recordSlaMet(tx, me.tenantId, changed, 'resolution');
      } else if (status !== 'resolved' && current.status === 'resolved') {
        changed = await restartSlaAfterReopen(tx, me.tenantId, changed);
      }
      await auditWrite(tx, me, req, {
        action: 'conversation.update',
        targetType: 'conversation',
        targetId: id,
        details: body,
      });
      await emit({
        type: 'conversation.updated',
        conversationId: id,
        audience: conversationAudience(current),
        payload: conversationPayload(changed),
      });
      return getConversationItem(tx, me.tenantId, viewerOf(me), id);
    });
    res.json(updated);
  });

  router.post('/conversations/:id/read', async (req, res) => {
    const { id } = parse(idParams, req.params, 'params');
    const body = parse(readBody, req.body, 'body');
    const me = principalOf(res);
    await withTenant(sql, me.tenantId, async (tx) => {
      if (!(await getConversationItem(tx, me.tenantId, viewerOf(me), id))) throw notFound('conversation');
      const [message] = await tx<{ id: string }[]>`
        select id from messages where tenant_id = ${me.tenantId} and conversation_id = ${id}
           ${body.messageId ? tx`and id = ${body.messageId}` : tx``}
         order by created_at desc, id desc limit 1`;
      if (body.messageId && !message) throw notFound('message');
      await tx`
        insert into conversation_reads (tenant_id, conversation_id, operator_id, last_read_message_id, read_at)
        values (${me.tenantId}, ${id}, ${me.operatorId}, ${message?.id ?? null}, now())
        on conflict (tenant_id, conversation_id, operator_id)
        do update set last_read_message_id = excluded.last_read_message_id, read_at = now()`;
    });
    res.status(204).end();
  });

  router.use(assignmentRoutes(deps));
  router.use(messageRoutes(deps));
  router.use(noteAndTagRoutes(deps));
  router.use(transferRoutes(deps));
  return router;
}
