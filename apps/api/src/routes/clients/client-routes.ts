// Clients: the people conversations are with. Any staff may list, search,
// read and edit them; supervisors merge duplicates. A client's conversations
// are shown only as far as the caller may see them.
import { encodeCursor, idParams, listClientsQuery, mergeClientBody, patchClientBody } from '@relay/contracts';
import {
  absorbClientFields,
  type ClientRow,
  getClient,
  listClientConversations,
  listClientIdentities,
  listClients,
  lockClients,
  markClientMerged,
  moveClientConversations,
  moveClientIdentities,
  type Queryable,
  recordClientMerge,
  updateClient,
  type Viewer,
  withTenant,
} from '@relay/db';
import { writeWithEvents } from '@relay/realtime';
import { Router } from 'express';
import type { ResolvedDeps } from '../../app.ts';
import { principalOf, requireRole } from '../../auth/authenticate.ts';
import { AppError, notFound } from '../../errors/app-error.ts';
import { auditWrite } from '../../http/audit-write.ts';
import { uniqueViolationOf } from '../../http/db-errors.ts';
import { parse } from '../../http/parse.ts';
import { conversationAudience, conversationPayload, viewerOf } from '../conversations/conversation-access.ts';

const RECENT_CONVERSATIONS = 20;

function clientDto(row: ClientRow) {
  return {
    id: row.id,
    name: row.name,
    phone: row.phone,
    email: row.email,
    attributes: row.attributes,
    mergedIntoId: row.mergedIntoId,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

async function clientDetail(tx: Queryable, tenantId: string, viewer: Viewer, client: ClientRow) {
  const [identities, conversations] = await Promise.all([
    listClientIdentities(tx, tenantId, client.id),
    listClientConversations(tx, tenantId, viewer, client.id, RECENT_CONVERSATIONS),
  ]);
  return { ...clientDto(client), identities, conversations };
}

export function clientRoutes(deps: ResolvedDeps): Router {
  const { sql } = deps;
  const router = Router();

  router.get('/clients', async (req, res) => {
    const query = parse(listClientsQuery, req.query, 'query');
    const me = principalOf(res);
    const rows = await withTenant(sql, me.tenantId, (tx) =>
      listClients(tx, me.tenantId, { q: query.q, limit: query.limit + 1, cursor: query.cursor }),
    );
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    res.json({
      items: page.map(clientDto),
      nextCursor: rows.length > query.limit && last ? encodeCursor(last.cursorAt, last.id) : null,
    });
  });

  router.get('/clients/:id', async (req, res) => {
    const { id } = parse(idParams, req.params, 'params');
    const me = principalOf(res);
    const detail = await withTenant(sql, me.tenantId, async (tx) => {
      const client = await getClient(tx, me.tenantId, id);
      return client && clientDetail(tx, me.tenantId, viewerOf(me), client);
    });
    if (!detail) throw notFound('client');
    res.json(detail);
  });

  router.patch('/clients/:id', async (req, res) => {
    const { id } = parse(idParams, req.params, 'params');
    const body = parse(patchClientBody, req.body, 'body');
    const me = principalOf(res);
    try {
      const row = await withTenant(sql, me.tenantId, async (tx) => {
        const current = await getClient(tx, me.tenantId, id);
        if (!current) throw notFound('client');
        if (current.mergedIntoId) {
          throw new AppError('unprocessable', 'this client was merged into another; edit that one', {
            mergedIntoId: current.mergedIntoId,
          });
        }
        const updated = await updateClient(tx, me.tenantId, id, body);
        await auditWrite(tx, me, req, {
          action: 'client.update',
          targetType: 'client',
          targetId: id,
          details: body,
        });
        return updated as ClientRow;
      });
      res.json(clientDto(row));
    } catch (error) {
      if (uniqueViolationOf(error) !== undefined) {
        throw new AppError('conflict', 'another client has this phone number; merge them instead', [
          { path: ['phone'], message: 'already used by another client', code: 'custom' },
        ]);
      }
      throw error;
    }
  });

  // Merges mergedClientId into :id. Conversations keep their ids; the merged
  // client stays (hidden from lists) with merged_into_id, for the record.
  router.post('/clients/:id/merge', requireRole('supervisor'), async (req, res) => {
    const { id } = parse(idParams, req.params, 'params');
    const body = parse(mergeClientBody, req.body, 'body');
    const me = principalOf(res);
    const detail = await writeWithEvents(deps, me.tenantId, async (tx, emit) => {
      const locked = await lockClients(tx, me.tenantId, [id, body.mergedClientId]);
      const master = locked.find((c) => c.id === id);
      const merged = locked.find((c) => c.id === body.mergedClientId);
      if (!master) throw notFound('client');
      if (!merged) throw notFound('merged client');
      if (master.id === merged.id) throw new AppError('unprocessable', 'a client cannot be merged into itself');
      if (master.mergedIntoId || merged.mergedIntoId) {
        throw new AppError('unprocessable', 'one of these clients was already merged into another', {
          clientId: master.mergedIntoId ? master.id : merged.id,
          mergedIntoId: master.mergedIntoId ?? merged.mergedIntoId,
        });
      }
      const identities = await moveClientIdentities(tx, me.tenantId, merged.id, master.id);
      const conversations = await moveClientConversations(tx, me.tenantId, merged.id, master.id);
      await markClientMerged(tx, me.tenantId, merged.id, master.id);
      const absorbed = await absorbClientFields(tx, me.tenantId, master.id, merged.id);
      await recordClientMerge(tx, me.tenantId, {
        masterId: master.id,
        mergedId: merged.id,
        mergedBy: me.operatorId,
        reason: body.reason ?? null,
      });
      await auditWrite(tx, me, req, {
        action: 'client.merge',
        targetType: 'client',
        targetId: master.id,
        details: {
          mergedClientId: merged.id,
          reason: body.reason ?? null,
          identities,
          conversationIds: conversations.map((c) => c.id),
        },
      });
      for (const conversation of conversations) {
        await emit({
          type: 'conversation.updated',
          conversationId: conversation.id,
          audience: conversationAudience(conversation),
          payload: { ...conversationPayload(conversation), clientName: absorbed.name },
        });
      }
      return clientDetail(tx, me.tenantId, viewerOf(me), absorbed);
    });
    res.json(detail);
  });

  return router;
}
