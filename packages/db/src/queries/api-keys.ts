// Owns API keys for integrations. Only a sha256 of the key is stored, with a
// short prefix to recognise it by. The per-request lookup by hash happens
// before a tenant is known, so it runs on the pool as the schema owner.
import type { Queryable, Sql, Tx } from '../create-db.ts';

export type ApiKeyRow = {
  tenantId: string;
  id: string;
  name: string;
  prefix: string;
  keyHash: string;
  scopes: string[];
  createdBy: string | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  createdAt: Date;
};

export type NewApiKey = {
  name: string;
  prefix: string;
  keyHash: string;
  scopes: string[];
  createdBy: string | null;
  expiresAt: Date | null;
};

export async function createApiKey(tx: Tx, tenantId: string, input: NewApiKey): Promise<ApiKeyRow> {
  const [row] = await tx<ApiKeyRow[]>`
    insert into api_keys (tenant_id, name, prefix, key_hash, scopes, created_by, expires_at)
    values (${tenantId}, ${input.name}, ${input.prefix}, ${input.keyHash}, ${input.scopes}, ${input.createdBy},
            ${input.expiresAt})
    returning *`;
  return row as ApiKeyRow;
}

export async function listApiKeys(tx: Queryable, tenantId: string): Promise<ApiKeyRow[]> {
  return tx<ApiKeyRow[]>`select * from api_keys where tenant_id = ${tenantId} order by created_at desc, id`;
}

/** Revokes a key (once: a second call keeps the first time). Undefined when there is no such key. */
export async function revokeApiKey(tx: Tx, tenantId: string, id: string): Promise<ApiKeyRow | undefined> {
  const [row] = await tx<ApiKeyRow[]>`
    update api_keys set revoked_at = coalesce(revoked_at, now())
     where tenant_id = ${tenantId} and id = ${id}
    returning *`;
  return row;
}

export type ApiKeyState = ApiKeyRow & { tenantActive: boolean; suspended: boolean };

/** A key by its hash, with its tenant's state, in one indexed read. */
export async function findApiKeyByHash(sql: Sql, keyHash: string): Promise<ApiKeyState | undefined> {
  const [row] = await sql<ApiKeyState[]>`
    select k.*, t.is_active as tenant_active, t.suspended
      from api_keys k join tenants t on t.id = k.tenant_id
     where k.key_hash = ${keyHash}`;
  return row;
}

/** Records use at most once a minute, so a busy integration does not write on every request. */
export async function touchApiKey(sql: Sql, tenantId: string, id: string): Promise<void> {
  await sql`
    update api_keys set last_used_at = now()
     where tenant_id = ${tenantId} and id = ${id}
       and (last_used_at is null or last_used_at < now() - interval '1 minute')`;
}
