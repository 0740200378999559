// Owns clients and their per-channel identities: who a conversation is with,
// the client list and search, and merging duplicates into one client.
import type { Queryable, Tx } from '../create-db.ts';
import { microsIso } from './conversation-views.ts';
import type { ConversationRow } from './conversations.ts';
import { conversationsVisibleTo, type Viewer } from './visibility.ts';

export type ClientRow = {
  tenantId: string;
  id: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  attributes: Record<string, unknown>;
  mergedIntoId: string | null;
  createdAt: Date;
  updatedAt: Date;
};

export type IdentityInput = {
  channel: string;
  externalId: string;
  displayName?: string | null;
  username?: string | null;
  phone?: string | null;
};

/**
 * The client behind a channel identity, created on first contact. Safe under
 * concurrent webhooks for the same person: the identity's unique key decides,
 * and the loser drops the client it had just created.
 */
export async function findOrCreateClientByIdentity(
  tx: Tx,
  tenantId: string,
  input: IdentityInput,
): Promise<{ client: ClientRow; created: boolean }> {
  const existing = await findClientByIdentity(tx, tenantId, input.channel, input.externalId);
  if (existing) return { client: existing, created: false };

  const [client] = await tx<ClientRow[]>`
    insert into clients (tenant_id, name, phone)
    values (${tenantId}, ${input.displayName ?? null}, null)
    returning *`;
  const created = client as ClientRow;
  const inserted = await tx`
    insert into client_identities (tenant_id, client_id, channel, external_id, display_name, username)
    values (${tenantId}, ${created.id}, ${input.channel}, ${input.externalId},
            ${input.displayName ?? null}, ${input.username ?? null})
    on conflict (tenant_id, channel, external_id) do nothing
    returning id`;
  if (inserted.length === 0) {
    await tx`delete from clients where tenant_id = ${tenantId} and id = ${created.id}`;
    const winner = await findClientByIdentity(tx, tenantId, input.channel, input.externalId);
    if (!winner) throw new Error('client identity vanished while being created');
    return { client: winner, created: false };
  }
  if (input.phone) {
    // The phone is unique per tenant: only claim it when nobody has it yet.
    const [withPhone] = await tx<ClientRow[]>`
      update clients set phone = ${input.phone}
       where tenant_id = ${tenantId} and id = ${created.id}
         and not exists (select 1 from clients c where c.tenant_id = ${tenantId} and c.phone = ${input.phone}
                                                   and c.merged_into_id is null)
      returning *`;
    if (withPhone) return { client: withPhone, created: true };
  }
  return { client: created, created: true };
}

/** Follows a merge to the surviving client. */
async function findClientByIdentity(tx: Tx, tenantId: string, channel: string, externalId: string) {
  const [row] = await tx<ClientRow[]>`
    select c.* from client_identities i
      join clients c on c.tenant_id = i.tenant_id and c.id = i.client_id
     where i.tenant_id = ${tenantId} and i.channel = ${channel} and i.external_id = ${externalId}`;
  if (!row?.mergedIntoId) return row;
  const [master] = await tx<ClientRow[]>`
    select * from clients where tenant_id = ${tenantId} and id = ${row.mergedIntoId}`;
  return master ?? row;
}

/** The expression the clients_search GIN index is built on; keep them identical. */
export const CLIENT_SEARCH_VECTOR =
  "to_tsvector('simple', coalesce(name, '') || ' ' || coalesce(email, '') || ' ' || coalesce(phone, ''))";

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

export type ClientListRow = ClientRow & { cursorAt: string };

/** Clients not merged away, newest first; q matches whole words (full text) or any part of name, phone, email. */
export async function listClients(
  tx: Queryable,
  tenantId: string,
  filter: { q?: string | undefined; limit: number; cursor?: { at: string; id: string } | undefined },
): Promise<ClientListRow[]> {
  const { q, cursor } = filter;
  return tx<ClientListRow[]>`
    select *, ${microsIso(tx, 'created_at')} as cursor_at from clients
     where tenant_id = ${tenantId} and merged_into_id is null
       ${
         q
           ? tx`and (${tx.unsafe(CLIENT_SEARCH_VECTOR)} @@ plainto_tsquery('simple', ${q})
                     or name ilike ${likePattern(q)} or phone ilike ${likePattern(q)} or email ilike ${likePattern(q)})`
           : tx``
       }
       ${cursor ? tx`and (created_at, id) < (${cursor.at}::text::timestamptz, ${cursor.id})` : tx``}
     order by created_at desc, id desc
     limit ${filter.limit}`;
}

export async function getClient(tx: Queryable, tenantId: string, id: string): Promise<ClientRow | undefined> {
  const [row] = await tx<ClientRow[]>`select * from clients where tenant_id = ${tenantId} and id = ${id}`;
  return row;
}

export type ClientIdentityRow = {
  id: string;
  clientId: string;
  channel: string;
  externalId: string;
  displayName: string | null;
  username: string | null;
  createdAt: Date;
};

export async function listClientIdentities(tx: Queryable, tenantId: string, clientId: string) {
  return tx<ClientIdentityRow[]>`
    select id, client_id, channel, external_id, display_name, username, created_at from client_identities
     where tenant_id = ${tenantId} and client_id = ${clientId} order by created_at, id`;
}

export type ClientConversationRow = Pick<
  ConversationRow,
  | 'id'
  | 'status'
  | 'priority'
  | 'queueId'
  | 'assignedOperatorId'
  | 'channelAccountId'
  | 'messageCount'
  | 'lastMessageAt'
  | 'createdAt'
> & { channel: string };

/** A client's most recent conversations that this viewer may see. */
export async function listClientConversations(
  tx: Queryable,
  tenantId: string,
  viewer: Viewer,
  clientId: string,
  limit: number,
) {
  return tx<ClientConversationRow[]>`
    select c.id, c.status, c.priority, c.queue_id, c.assigned_operator_id, c.channel_account_id, ca.channel,
           c.message_count, c.last_message_at, c.created_at
      from conversations c
      join channel_accounts ca on ca.tenant_id = c.tenant_id and ca.id = c.channel_account_id
     where c.tenant_id = ${tenantId} and c.client_id = ${clientId} ${conversationsVisibleTo(tx, tenantId, viewer)}
     order by c.last_message_at desc, c.id desc
     limit ${limit}`;
}

export type ClientChanges = {
  /** undefined keeps the field; null clears it. */
  name?: string | null | undefined;
  phone?: string | null | undefined;
  email?: string | null | undefined;
  attributes?: Record<string, unknown> | undefined;
};

export async function updateClient(tx: Tx, tenantId: string, id: string, changes: ClientChanges) {
  const [row] = await tx<ClientRow[]>`
    update clients set
      name = case when ${changes.name !== undefined} then ${changes.name ?? null} else name end,
      phone = case when ${changes.phone !== undefined} then ${changes.phone ?? null} else phone end,
      email = case when ${changes.email !== undefined} then ${changes.email ?? null} else email end,
      attributes = attributes || ${tx.json((changes.attributes ?? {}) as never)}
     where tenant_id = ${tenantId} and id = ${id}
    returning *`;
  return row;
}

/** Both sides of a merge, locked in id order so two merges of the same pair cannot deadlock. */
export async function lockClients(tx: Tx, tenantId: string, ids: string[]): Promise<ClientRow[]> {
  return tx<ClientRow[]>`
    select * from clients where tenant_id = ${tenantId} and id = any(${ids}) order by id for no key update`;
}

export async function moveClientIdentities(tx: Tx, tenantId: string, from: string, to: string): Promise<number> {
  const rows = await tx`
    update client_identities set client_id = ${to} where tenant_id = ${tenantId} and client_id = ${from} returning id`;
  return rows.length;
}

/** Moves a client's conversations (they keep their ids) and returns them as moved. */
export async function moveClientConversations(tx: Tx, tenantId: string, from: string, to: string) {
  return tx<ConversationRow[]>`
    update conversations set client_id = ${to} where tenant_id = ${tenantId} and client_id = ${from} returning *`;
}

/** Points the merged client, and any client merged into it before, at the master. */
export async function markClientMerged(tx: Tx, tenantId: string, mergedId: string, masterId: string) {
  await tx`
    update clients set merged_into_id = ${masterId}
     where tenant_id = ${tenantId} and (id = ${mergedId} or merged_into_id = ${mergedId})`;
}

/** Fills the master's blank fields from the merged client; the master's attributes win. Run after markClientMerged (the phone is unique among unmerged clients). */
export async function absorbClientFields(tx: Tx, tenantId: string, masterId: string, mergedId: string) {
  const [row] = await tx<ClientRow[]>`
    update clients m set
      name = coalesce(m.name, d.name),
      phone = coalesce(m.phone, d.phone),
      email = coalesce(m.email, d.email),
      attributes = d.attributes || m.attributes
      from clients d
     where m.tenant_id = ${tenantId} and m.id = ${masterId} and d.tenant_id = ${tenantId} and d.id = ${mergedId}
    returning m.*`;
  return row as ClientRow;
}

export async function recordClientMerge(
  tx: Tx,
  tenantId: string,
  merge: { masterId: string; mergedId: string; mergedBy: string | null; reason: string | null },
) {
  await tx`
    insert into client_merges (tenant_id, master_client_id, merged_client_id, merged_by, reason)
    values (${tenantId}, ${merge.masterId}, ${merge.mergedId}, ${merge.mergedBy}, ${merge.reason})`;
}
