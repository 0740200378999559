// Clients: the people conversations are with. Any staff may list, search,
// read and edit them; supervisors merge duplicates. A client's conversations
// are shown only as far as the caller may see them. The rules of an edit and
// of a merge are @relay/inbox's updateClient and mergeClients.
import { encodeCursor, idParams, listClientsQuery, mergeClientBody, patchClientBody } from '@relay/contracts';
import {
  type ClientRow,
  getClient,
  listClientConversations,
  listClientIdentities,
  listClients,
  type Queryable,
  type Viewer,
  withTenant,
} from '@relay/db';
import { mergeClients, updateClient } from '@relay/inbox';
import { writeWithEvents } from '@relay/realtime';
import { Router } from 'express';
import { principalOf, requireRole } from '../../auth/authenticate.ts';
import type { ResolvedDeps } from '../../deps.ts';
import { notFound } from '../../errors/app-error.ts';
import { parse } from '../../http/parse.ts';
import { viewerOf } from '../conversations/conversation-access.ts';

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
    const row = await withTenant(sql, me.tenantId, (tx) =>
      updateClient(tx, {
        tenantId: me.tenantId,
        clientId: id,
        changes: body,
        actor: { operatorId: me.operatorId, ip: req.ip ?? null },
      }),
    );
    res.json(clientDto(row));
  });

  // Merges mergedClientId into :id (@relay/inbox's mergeClients); answers with
  // the master as the caller sees it.
  router.post('/clients/:id/merge', requireRole('supervisor'), async (req, res) => {
    const { id } = parse(idParams, req.params, 'params');
    const body = parse(mergeClientBody, req.body, 'body');
    const me = principalOf(res);
    const detail = await writeWithEvents(deps, me.tenantId, async (tx, emit) => {
      const { client } = await mergeClients(tx, emit, {
        tenantId: me.tenantId,
        masterId: id,
        mergedClientId: body.mergedClientId,
        reason: body.reason ?? null,
        actor: { operatorId: me.operatorId, ip: req.ip ?? null },
      });
      return clientDetail(tx, me.tenantId, viewerOf(me), client);
    });
    res.json(detail);
  });

  return router;
}
