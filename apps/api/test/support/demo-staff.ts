// The demo tenant's five people logged in, with their operator ids, for the
// tests of the workspace set-up routes (queues, tags, canned responses...).
import type { Api } from './api-harness.ts';

export type Staff = { token: string; id: string };

export async function demoStaff(api: Api) {
  const { slug, tenantId } = await api.demoTenant();
  const [owner, supervisor, alice, bob, carol] = await Promise.all(
    ['owner', 'supervisor', 'alice', 'bob', 'carol'].map(async (name) => {
      const pair = await api.login(slug, `${name}@demo.test`);
      return { token: pair.accessToken, id: pair.operator.id } satisfies Staff;
    }),
  );
  return {
    slug,
    tenantId,
    owner: owner as Staff,
    supervisor: supervisor as Staff,
    alice: alice as Staff,
    bob: bob as Staff,
    carol: carol as Staff,
  };
}

/** The audit actions recorded against one target, oldest first. */
export async function auditActionsOf(api: Api, tenantId: string, targetId: string): Promise<string[]> {
  const rows = await api.sql<{ action: string }[]>`
    select action from audit_log where tenant_id = ${tenantId} and target_id = ${targetId} order by created_at, id`;
  return rows.map((row) => row.action);
}
