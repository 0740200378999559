// Internal notes (with @mentions, which reach the mentioned operators even
// outside the conversation's queue) and the conversation's tag set. The
// writes are @relay/inbox's addNote and setConversationTags.
import { apiRoutes } from '@relay/contracts';
import { getConversationItem, listNotes, withTenant } from '@relay/db';
import { addNote, setConversationTags } from '@relay/inbox';
import { writeWithEvents } from '@relay/realtime';
import { Router } from 'express';
import type { ResolvedDeps } from '../../deps.ts';
import { notFound } from '../../errors/app-error.ts';
import { routeMounter } from '../../http/mount-route.ts';
import { viewerOf } from './conversation-access.ts';
import { noteDto } from './conversation-dto.ts';

const routes = apiRoutes.conversations;

export function noteAndTagRoutes(deps: ResolvedDeps): Router {
  const router = Router();
  const mount = routeMounter(router, deps);

  mount(routes.createNote, async ({ params: { id }, body }, { req, principal: me }) => {
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
    return noteDto(note);
  });

  mount(routes.listNotes, async ({ params: { id } }, { principal: me }) => {
    const notes = await withTenant(deps.sql, me.tenantId, async (tx) => {
      if (!(await getConversationItem(tx, me.tenantId, viewerOf(me), id))) throw notFound('conversation');
      return listNotes(tx, me.tenantId, id);
    });
    return { items: notes.map(noteDto) };
  });

  mount(routes.replaceConversationTags, async ({ params: { id }, body }, { req, principal: me }) => {
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
    return { items: tags };
  });

  return router;
}
