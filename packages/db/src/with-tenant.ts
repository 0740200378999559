// Owns the tenant boundary for queries: every tenant-scoped unit of work runs
// in a transaction as the non-bypassing `relay_app` role with app.tenant_id set
// transaction-locally, so row-level security backs up every WHERE clause.
import type { Sql, Tx } from './create-db.ts';
import type { Pipeline } from './pipelined-transaction.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const APP_ROLE = 'relay_app';

export class InvalidTenantIdError extends Error {
  override name = 'InvalidTenantIdError';
}

/**
 * Runs fn in a transaction bound to one tenant. Both settings are
 * transaction-local (set_config(..., true)): the embedded database shares one
 * session between all connections, so session-level state would leak.
 * Never await the pool (rather than tx) inside fn: on the embedded database an
 * open transaction blocks every other connection.
 */
export async function withTenant<T>(sql: Sql, tenantId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  checkTenantId(tenantId);
  return sql.begin(async (tx) => {
    // The setting is sent and fn's first statements follow it on the same write (they run in order
    // on the connection), so entering the tenant costs no round trip of its own.
    const [, result] = await Promise.all([enterTenant(tx, tenantId), fn(tx)]);
    return result;
  }) as Promise<T>;
}

/**
 * Points an open transaction at a tenant: every statement after it runs as
 * relay_app and sees only that tenant's rows, until the next enterTenant. A
 * batch of several tenants' writes (group-commit ingest) enters each in turn
 * inside one transaction; row-level security holds for each statement.
 */
export function enterTenant(tx: Tx, tenantId: string): Promise<void> {
  checkTenantId(tenantId);
  // Queued on the connection now (execute), so statements issued after this call, awaited or not,
  // run after it: a caller may go on without waiting (pipelining) and await the result later.
  return tx`select set_config('app.tenant_id', ${tenantId}, true), set_config('role', ${APP_ROLE}, true)`
    .execute()
    .then(() => undefined);
}

function checkTenantId(tenantId: string) {
  if (!UUID.test(tenantId)) throw new InvalidTenantIdError(`not a tenant id: ${JSON.stringify(tenantId)}`);
}

/**
 * One transaction over several tenants (group-commit ingest), in two modes:
 * `system` runs statements as the schema owner, outside any tenant: the
 * batch's multi-tenant statements, each row keyed by its tenant explicitly
 * (inbound-batch.ts), one statement for all the tenants; `within` runs one
 * tenant's statements under row-level security (the rare paths: a new
 * sender, a new conversation, statuses, edits, auto replies). Each switches
 * only when the other mode (or another tenant) was entered last. Make it at
 * the start of a pipelined transaction, which starts as the schema owner, and
 * await its calls one after another, never side by side. `later` sends a
 * statement without waiting for it (the pipeline's): it runs in the mode of
 * the step that sent it, and the commit waits for it.
 */
export type TenantSteps = {
  readonly tx: Tx;
  /** A statement whose answer is read after the commit, or never (Pipeline.later). */
  later<R>(statement: Promise<R>): Promise<R>;
  /** fn's statements as the schema owner, with no tenant set. */
  system<R>(fn: () => Promise<R>): Promise<R>;
  /** fn's statements, awaited as it likes, in this tenant. */
  within<R>(tenantId: string, fn: () => Promise<R>): Promise<R>;
};

/** Where a TenantSteps transaction is: the schema owner (SYSTEM) or a tenant's id. */
const SYSTEM = '';

export function tenantSteps({ tx, later }: Pipeline): TenantSteps {
  let entered = SYSTEM;
  return {
    tx,
    later,
    system(fn) {
      if (entered !== SYSTEM) {
        entered = SYSTEM;
        // Sent now and not waited for: fn's statements, issued after it, run after it.
        later(tx`select set_config('role', 'none', true), set_config('app.tenant_id', '', true)`.execute());
      }
      return fn();
    },
    within(tenantId, fn) {
      if (entered !== tenantId) {
        later(enterTenant(tx, tenantId));
        entered = tenantId;
      }
      return fn();
    },
  };
}
