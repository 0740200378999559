// Internal notes (with @mentions, which reach the mentioned operators even
// outside the conversation's queue) and the conversation's tag set.
import { createNoteBody, idParams, putTagsBody } from '@relay/contracts';
import { getConversationItem, withTenant } from '@relay/db';
import { writeWithEvents } from '@relay/realtime';
import { Router } from 'express';
import type { ResolvedDeps } from '../../app.ts';
import { principalOf } from '../../auth/authenticate.ts';
import { AppError, notFound } from '../../errors/app-error.ts';
import { auditWrite } from '../../http/audit-write.ts';
import { parse } from '../../http/parse.ts';
import { conversationAudience, viewerOf } from './conversation-access.ts';

export function noteAndTagRoutes(deps: ResolvedDeps): Router {
  const router = Router();

  router.post('/conversations/:id/notes', async (req, res) => {
    const { id } = parse(idParams, req.params, 'params');
    const body = parse(createNoteBody, req.body, 'body');
    const me = principalOf(res);
    const note = await writeWithEvents(deps, me.tenantId, async (tx, emit) => {
      const conversation = await getConversationItem(tx, me.tenantId, viewerOf(me), id);
      if (!conversation) throw notFound('conversation');
      const mentioned = await tx<{ id: string }[]>`
        select id from operators where tenant_id = ${me.tenantId} and id = any(${body.mentions}) and is_active`;
      if (mentioned.length !== new Set(body.mentions).size) {
        throw new AppError('unprocessable', 'a mentioned operator does not exist or is deactivated');
      }
      const mentions = mentioned.map((m) => m.id);
      const [row] = await tx`
        insert into notes (tenant_id, conversation_id, operator_id, content, is_pinned, mentions)
        values (${me.tenantId}, ${id}, ${me.operatorId}, ${body.content}, ${body.isPinned}, ${mentions})
        returning *`;
      await auditWrite(tx, me, req, {
        action: 'note.create',
        targetType: 'conversation',
        targetId: id,
        details: { mentions },
      });
      await emit({
        type: 'note.created',
        conversationId: id,
        audience: conversationAudience(conversation, mentions),
        payload: { conversationId: id, note: row, mentions },
      });
      return row;
    });
    res.status(201).json(note);
  });

  router.get('/conversations/:id/notes', async (req, res) => {
    const { id } = parse(idParams, req.params, 'params');
    const me = principalOf(res);
    const notes = await withTenant(deps.sql, me.tenantId, async (tx) => {
      if (!(await getConversationItem(tx, me.tenantId, viewerOf(me), id))) throw notFound('conversation');
      return tx`select * from notes where tenant_id = ${me.tenantId} and conversation_id = ${id}
                 order by is_pinned desc, created_at, id`;
    });
    res.json({ items: notes });
  });

  router.put('/conversations/:id/tags', async (req, res) => {
    const { id } = parse(idParams, req.params, 'params');
    const body = parse(putTagsBody, req.body, 'body');
    const me = principalOf(res);
    const tags = await writeWithEvents(deps, me.tenantId, async (tx, emit) => {
      const conversation = await getConversationItem(tx, me.tenantId, viewerOf(me), id);
      if (!conversation) throw notFound('conversation');
      const wanted = [...new Set(body.tagIds)];
      const found = await tx<{ id: string; name: string; color: string }[]>`
        select id, name, color from tags where tenant_id = ${me.tenantId} and id = any(${wanted}) order by name`;
      if (found.length !== wanted.length) throw new AppError('unprocessable', 'a tag does not exist');
      await tx`delete from conversation_tags where tenant_id = ${me.tenantId} and conversation_id = ${id}
                 and not (tag_id = any(${wanted}))`;
      if (wanted.length) {
        await tx`
          insert into conversation_tags (tenant_id, conversation_id, tag_id)
          select ${me.tenantId}, ${id}, unnest(${wanted}::uuid[])
          on conflict do nothing`;
      }
      await auditWrite(tx, me, req, {
        action: 'conversation.tags',
        targetType: 'conversation',
        targetId: id,
        details: { tagIds: wanted },
      });
      await emit({
        type: 'conversation.updated',
        conversationId: id,
        audience: conversationAudience(conversation),
        payload: { conversationId: id, tags: found },
      });
      return found;
    });
    res.json({ items: tags });
  });

  return router;
}
