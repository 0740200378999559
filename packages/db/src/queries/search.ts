// Owns workspace search: full text over message content and clients, on the
// GIN indexes messages_search and clients_search (the expressions here must
// stay identical to theirs for the planner to use them).
import type { Queryable } from '../create-db.ts';
import { CLIENT_SEARCH_VECTOR } from './clients.ts';
import { conversationsVisibleTo, type Viewer } from './visibility.ts';

export type MessageHit = { id: string; conversationId: string; content: string | null; createdAt: Date };

/** Messages with every word of q, newest first, in conversations the viewer may see. */
export async function searchMessages(
  tx: Queryable,
  tenantId: string,
  viewer: Viewer,
  q: string,
  limit: number,
): Promise<MessageHit[]> {
  return tx<MessageHit[]>`
    select m.id, m.conversation_id, m.content, m.created_at
      from messages m
      join conversations c on c.tenant_id = m.tenant_id and c.id = m.conversation_id
     where m.tenant_id = ${tenantId}
       and to_tsvector('simple', coalesce(m.content, '')) @@ plainto_tsquery('simple', ${q})
       ${conversationsVisibleTo(tx, tenantId, viewer)}
     order by m.created_at desc, m.id desc
     limit ${limit}`;
}

export type ClientHit = { id: string; name: string | null; phone: string | null; email: string | null };

/** Clients (not merged away) with every word of q in name, email or phone, best match first. */
export async function searchClients(tx: Queryable, tenantId: string, q: string, limit: number): Promise<ClientHit[]> {
  return tx<ClientHit[]>`
    select id, name, phone, email from clients
     where tenant_id = ${tenantId} and merged_into_id is null
       and ${tx.unsafe(CLIENT_SEARCH_VECTOR)} @@ plainto_tsquery('simple', ${q})
     order by ts_rank(${tx.unsafe(CLIENT_SEARCH_VECTOR)}, plainto_tsquery('simple', ${q})) desc, created_at desc, id
     limit ${limit}`;
}
