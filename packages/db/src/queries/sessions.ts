// Owns refresh-token sessions. Tokens are stored as sha256 hashes; lookups by
// hash and the per-request session check happen before a tenant transaction
// exists, so those run on the pool as the schema owner.
import type { Sql, Tx } from '../create-db.ts';
import type { OperatorRole } from './operators.ts';

export type SessionRow = {
  tenantId: string;
  id: string;
  operatorId: string;
  deviceId: string | null;
  tokenHash: string;
  expiresAt: Date;
  revokedAt: Date | null;
  replacedById: string | null;
  /** The successor's refresh token, sealed, while a second refresh within the grace window may need it. */
  successorTokenSealed: string | null;
  createdAt: Date;
};

export type NewSession = {
  operatorId: string;
  deviceId: string | null;
  tokenHash: string;
  expiresAt: Date;
  userAgent: string | null;
  ip: string | null;
};

export async function createSession(tx: Tx, tenantId: string, input: NewSession): Promise<SessionRow> {
  const [row] = await tx<SessionRow[]>`
    insert into sessions (tenant_id, operator_id, device_id, token_hash, expires_at, user_agent, ip)
    values (${tenantId}, ${input.operatorId}, ${input.deviceId}, ${input.tokenHash}, ${input.expiresAt},
            ${input.userAgent}, ${input.ip})
    returning *`;
  return row as SessionRow;
}

export async function findSessionByTokenHash(sql: Sql, tokenHash: string): Promise<SessionRow | undefined> {
  const [row] = await sql<SessionRow[]>`select * from sessions where token_hash = ${tokenHash}`;
  return row;
}

/** The operator's own session holding this refresh token (hashed), in the caller's tenant transaction. */
export async function findOperatorSessionByTokenHash(
  tx: Tx,
  tenantId: string,
  operatorId: string,
  tokenHash: string,
): Promise<Pick<SessionRow, 'id'> | undefined> {
  const [row] = await tx<Pick<SessionRow, 'id'>[]>`
    select id from sessions where tenant_id = ${tenantId} and operator_id = ${operatorId} and token_hash = ${tokenHash}`;
  return row;
}

/** Marks a live session replaced; false when another request rotated or revoked it first. */
export async function retireSession(
  tx: Tx,
  tenantId: string,
  id: string,
  replacedById: string | null,
  successorTokenSealed: string | null = null,
) {
  const rows = await tx`
    update sessions set revoked_at = now(), replaced_by_id = ${replacedById},
           successor_token_sealed = ${successorTokenSealed}
     where tenant_id = ${tenantId} and id = ${id} and revoked_at is null
    returning id`;
  return rows.length === 1;
}

export type LockedSession = SessionRow & {
  /** Rotated (replaced, not merely revoked) less than the grace window ago, by the database's clock. */
  withinGrace: boolean;
};

/**
 * Reads a session and locks its row until the transaction ends, so concurrent
 * refreshes of one token take turns: exactly one rotates, the others see it rotated.
 */
export async function lockSession(
  tx: Tx,
  tenantId: string,
  id: string,
  graceSeconds: number,
): Promise<LockedSession | undefined> {
  const [row] = await tx<LockedSession[]>`
    select *, coalesce(replaced_by_id is not null
                       and revoked_at > now() - make_interval(secs => ${graceSeconds}), false) as within_grace
      from sessions where tenant_id = ${tenantId} and id = ${id}
       for update`;
  return row;
}

/** A session that is neither revoked nor expired. */
export async function getLiveSession(tx: Tx, tenantId: string, id: string): Promise<SessionRow | undefined> {
  const [row] = await tx<SessionRow[]>`
    select * from sessions
     where tenant_id = ${tenantId} and id = ${id} and revoked_at is null and expires_at > now()`;
  return row;
}

/**
 * Drops the sealed successor tokens of an operator's rotations older than the
 * grace window. Rows another transaction holds are left for next time, so two
 * of the operator's sessions rotating at once never wait on each other.
 */
export async function forgetSealedSuccessors(tx: Tx, tenantId: string, operatorId: string, graceSeconds: number) {
  await tx`
    update sessions set successor_token_sealed = null
     where tenant_id = ${tenantId} and id in (
       select id from sessions
        where tenant_id = ${tenantId} and operator_id = ${operatorId} and successor_token_sealed is not null
          and revoked_at <= now() - make_interval(secs => ${graceSeconds})
          for update skip locked)`;
}

/** Revokes a session and every session that replaced it (a stolen refresh token's whole line). */
export async function revokeSessionChain(tx: Tx, tenantId: string, id: string): Promise<number> {
  const rows = await tx`
    with recursive chain as (
      select id, replaced_by_id from sessions where tenant_id = ${tenantId} and id = ${id}
      union all
      select s.id, s.replaced_by_id from sessions s join chain c on s.id = c.replaced_by_id
       where s.tenant_id = ${tenantId}
    )
    update sessions set revoked_at = coalesce(revoked_at, now()), successor_token_sealed = null
     where tenant_id = ${tenantId} and id in (select id from chain)
    returning id`;
  return rows.length;
}

export type SessionState = {
  revokedAt: Date | null;
  expiresAt: Date;
  operatorActive: boolean;
  role: OperatorRole;
  tenantActive: boolean;
  suspended: boolean;
};

/** A session's state with whose it is (what @relay/security's sessionVerdict judges). */
export type SessionStateOf = SessionState & { tenantId: string; sessionId: string; operatorId: string };

/** Everything a request needs to know about its access token's session, in one indexed read. */
export async function getSessionState(sql: Sql, tenantId: string, sessionId: string, operatorId: string) {
  const [row] = await sql<SessionStateOf[]>`
    select s.tenant_id, s.id as session_id, s.operator_id, s.revoked_at, s.expires_at,
           o.is_active as operator_active, o.role,
           t.is_active as tenant_active, t.suspended
      from sessions s
      join operators o on o.tenant_id = s.tenant_id and o.id = s.operator_id
      join tenants t on t.id = s.tenant_id
     where s.tenant_id = ${tenantId} and s.id = ${sessionId} and s.operator_id = ${operatorId}`;
  return row;
}

/**
 * The state of many sessions in one read, across tenants (a gateway node's
 * periodic check of the sessions behind its sockets). Missing ids are absent.
 */
export async function getSessionStates(sql: Sql, sessionIds: string[]): Promise<SessionStateOf[]> {
  if (sessionIds.length === 0) return [];
  return sql<SessionStateOf[]>`
    select s.tenant_id, s.id as session_id, s.operator_id, s.revoked_at, s.expires_at,
           o.is_active as operator_active, o.role, t.is_active as tenant_active, t.suspended
      from sessions s
      join operators o on o.tenant_id = s.tenant_id and o.id = s.operator_id
      join tenants t on t.id = s.tenant_id
     where s.id = any(${sessionIds}::uuid[])`;
}

/** Ends every live session of an operator, except the one named (the caller's own). */
export async function revokeOperatorSessions(
  tx: Tx,
  tenantId: string,
  operatorId: string,
  exceptSessionId: string | null = null,
): Promise<number> {
  const rows = await tx`
    update sessions set revoked_at = now()
     where tenant_id = ${tenantId} and operator_id = ${operatorId} and revoked_at is null
       ${exceptSessionId ? tx`and id <> ${exceptSessionId}` : tx``}
    returning id`;
  return rows.length;
}
