// Owns the tenant boundary for queries: every tenant-scoped unit of work runs
// in a transaction as the non-bypassing `relay_app` role with app.tenant_id set
// transaction-locally, so row-level security backs up every WHERE clause.
import type { Sql, Tx } from './create-db.ts';

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
 * One transaction over several tenants, in steps (group-commit ingest): `each`
 * sends one step for every tenant at once, each step after its tenant's
 * setting, so a step costs one round trip however many tenants the batch
 * holds; `within` runs one tenant's statements alone (the rare paths), after
 * entering it when another was entered last. Row-level security holds
 * statement by statement. Steps and `within` calls are awaited one after
 * another, never side by side.
 */
export type TenantSteps = {
  readonly tx: Tx;
  /**
   * One step per group, all sent at once, in the groups' order (give them in
   * tenant id order where the step takes locks). A step must queue all its
   * statements when it is called, before its first await: each
   * statement's `.execute()` (or a function that calls it) in the step's
   * synchronous part, as the batch query functions of inbound-batch.ts do.
   * A statement queued later would run under the next tenant's setting
   * (row-level security and the queries' own tenant filters turn that into
   * an error, never into another tenant's rows).
   */
  each<G extends { tenantId: string }, R>(groups: readonly G[], step: (group: G) => Promise<R>): Promise<R[]>;
  /** fn's statements, awaited as it likes, in this tenant. */
  within<R>(tenantId: string, fn: () => Promise<R>): Promise<R>;
};

export function tenantSteps(tx: Tx): TenantSteps {
  let entered: string | undefined;
  const enter = (tenantId: string): Promise<void> | undefined => {
    if (entered === tenantId) return undefined;
    entered = tenantId;
    return enterTenant(tx, tenantId);
  };
  return {
    tx,
    async each(groups, step) {
      const settings: Promise<void>[] = [];
      const results = groups.map((group) => {
        const setting = enter(group.tenantId);
        if (setting) settings.push(setting);
        return step(group);
      });
      const [, values] = await Promise.all([Promise.all(settings), Promise.all(results)]);
      return values;
    },
    async within(tenantId, fn) {
      const [, value] = await Promise.all([enter(tenantId), fn()]);
      return value;
    },
  };
}
