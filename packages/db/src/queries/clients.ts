// Owns clients and their per-channel identities: who a conversation is with.
import type { Tx } from '../create-db.ts';

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
