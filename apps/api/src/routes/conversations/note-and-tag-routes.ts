// Internal notes (with @mentions, which reach the mentioned operators even
// outside the conversation's queue) and the conversation's tag set. The
// writes are @relay/inbox's addNote and setConversationTags.
import { createNoteBody, idParams, putTagsBody } from '@relay/contracts';
import { getConversationItem, listNotes, withTenant } from '@relay/db';
import { addNote, setConversationTags } from '@relay/inbox';
import { writeWithEvents } from '@relay/realtime';
import { Router } from 'express';
import { principalOf } from '../../auth/authenticate.ts';
import type { ResolvedDeps } from '../../deps.ts';
import { notFound } from '../../errors/app-error.ts';
import { parse } from '../../http/parse.ts';
import { viewerOf } from './conversation-access.ts';

export function noteAndTagRoutes(deps: ResolvedDeps): Router {
  const router = Router();

  router.post('/conversations/:id/notes', async (req, res) => {
    const { id } = parse(idParams, req.params, 'params');
    const body = parse(createNoteBody, req.body, 'body');
    const me = principalOf(res);
    const note = await writeWithEvents(deps, me.tenantId, async (tx, emit) => {
      const conversation = await getConversationItem(tx, me.tenantId, viewerOf(me), id);
      if (!conversation) throw notFound('conversation');
      return addNote(tx, emit, {
        tenantId: me.tenantId,
        conversation,
        author: { operatorId: me.operatorId, ip: req.ip ?? null },
        content: body.content,
        isPinned: body.isPinned,
        mentions: body.mentions,
      });
    });
    res.status(201).json(note);
  });

  router.get('/conversations/:id/notes', async (req, res) => {
    const { id } = parse(idParams, req.params, 'params');
    const me = principalOf(res);
    const notes = await withTenant(deps.sql, me.tenantId, async (tx) => {
      if (!(await getConversationItem(tx, me.tenantId, viewerOf(me), id))) throw notFound('conversation');
      return listNotes(tx, me.tenantId, id);
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
      return setConversationTags(tx, emit, {
        tenantId: me.tenantId,
        conversation,
        tagIds: body.tagIds,
        actor: { operatorId: me.operatorId, ip: req.ip ?? null },
      });
    });
    res.json({ items: tags });
  });

  return router;
}
