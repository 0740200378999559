// Clients: the people conversations are with. Any staff may list, search,
// read and edit them; supervisors merge duplicates. A client's conversations
// are shown only as far as the caller may see them. The rules of an edit and
// of a merge are @relay/inbox's updateClient and mergeClients.
// The routes' contracts (paths, schemas) are apiRoutes.clients in @relay/contracts.
import {
  apiRoutes,
  type ChannelKind,
  type Client,
  type ClientConversation,
  type ClientDetail,
  type ClientIdentity,
  encodeCursor,
} from '@relay/contracts';
import {
  type ClientConversationRow,
  type ClientIdentityRow,
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
import type { ResolvedDeps } from '../../deps.ts';
import { notFound } from '../../errors/app-error.ts';
import { routeMounter } from '../../http/mount-route.ts';
import { viewerOf } from '../conversations/conversation-access.ts';

const RECENT_CONVERSATIONS = 20;
const routes = apiRoutes.clients;

function clientDto(row: ClientRow): Client {
  return {
    id: row.id,
    name: row.name,
    phone: row.phone,
    email: row.email,
    attributes: row.attributes,
    mergedIntoId: row.mergedIntoId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

// The channel columns are text; only channel kinds are ever stored in them.
function identityDto(row: ClientIdentityRow): ClientIdentity {
  return {
    id: row.id,
    clientId: row.clientId,
    channel: row.channel as ChannelKind,
    externalId: row.externalId,
    displayName: row.displayName,
    username: row.username,
    createdAt: row.createdAt.toISOString(),
  };
}

function conversationDto(row: ClientConversationRow): ClientConversation {
  return {
    id: row.id,
    status: row.status,
    priority: row.priority,
    queueId: row.queueId,
    assignedOperatorId: row.assignedOperatorId,
    channelAccountId: row.channelAccountId,
    channel: row.channel as ChannelKind,
    messageCount: row.messageCount,
    lastMessageAt: row.lastMessageAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
  };
}

async function clientDetail(tx: Queryable, tenantId: string, viewer: Viewer, client: ClientRow): Promise<ClientDetail> {
  const [identities, conversations] = await Promise.all([
    listClientIdentities(tx, tenantId, client.id),
    listClientConversations(tx, tenantId, viewer, client.id, RECENT_CONVERSATIONS),
  ]);
  return {
    ...clientDto(client),
    identities: identities.map(identityDto),
    conversations: conversations.map(conversationDto),
  };
}

export function clientRoutes(deps: ResolvedDeps): Router {
  const { sql } = deps;
  const router = Router();
  const mount = routeMounter(router, deps);

  mount(routes.listClients, async ({ query }, { principal: me }) => {
    const rows = await withTenant(sql, me.tenantId, (tx) =>
      listClients(tx, me.tenantId, { q: query.q, limit: query.limit + 1, cursor: query.cursor }),
    );
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map(clientDto),
      nextCursor: rows.length > query.limit && last ? encodeCursor(last.cursorAt, last.id) : null,
    };
  });

  mount(routes.getClient, async ({ params: { id } }, { principal: me }) => {
    const detail = await withTenant(sql, me.tenantId, async (tx) => {
      const client = await getClient(tx, me.tenantId, id);
      return client && clientDetail(tx, me.tenantId, viewerOf(me), client);
    });
    if (!detail) throw notFound('client');
    return detail;
  });

  mount(routes.updateClient, async ({ params: { id }, body }, { req, principal: me }) => {
    const row = await withTenant(sql, me.tenantId, (tx) =>
      updateClient(tx, {
        tenantId: me.tenantId,
        clientId: id,
        changes: body,
        actor: { operatorId: me.operatorId, ip: req.ip ?? null },
      }),
    );
    return clientDto(row);
  });

  // Merges mergedClientId into :id (@relay/inbox's mergeClients); answers with
  // the master as the caller sees it.
  mount(routes.mergeClient, async ({ params: { id }, body }, { req, principal: me }) => {
    return writeWithEvents(deps, me.tenantId, async (tx, emit) => {
      const { client } = await mergeClients(tx, emit, {
        tenantId: me.tenantId,
        masterId: id,
        mergedClientId: body.mergedClientId,
        reason: body.reason ?? null,
        actor: { operatorId: me.operatorId, ip: req.ip ?? null },
      });
      return clientDetail(tx, me.tenantId, viewerOf(me), client);
    });
  });

  return router;
}
