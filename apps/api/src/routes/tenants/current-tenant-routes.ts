// GET/PATCH /tenant: the caller's own workspace, its plan limits and how much
// of them is used. Any staff may read it (the UI shows limits beside the
// screens they constrain); only an owner changes the name or a limit. Gateway
// nodes cache the socket limits for LIMITS_CACHE_MS (10 s, apps/gateway
// tenant-limits.ts), so a changed socket limit applies everywhere within that;
// the API's own limits (operators, dialogs) are read fresh on every write.
// The routes' contracts (paths, roles, schemas) are apiRoutes.tenants in @relay/contracts.
import { apiRoutes, type CurrentTenant } from '@relay/contracts';
import { getTenant, type TenantRow, type Tx, tenantUsage, updateTenant, withTenant } from '@relay/db';
import { Router } from 'express';
import type { ResolvedDeps } from '../../deps.ts';
import { notFound } from '../../errors/app-error.ts';
import { auditWrite } from '../../http/audit-write.ts';
import { routeMounter } from '../../http/mount-route.ts';

const routes = apiRoutes.tenants;

function limitsOf(row: TenantRow): CurrentTenant['limits'] {
  return {
    maxOperators: row.maxOperators,
    maxDialogsPerMonth: row.maxDialogsPerMonth,
    maxConcurrentUsers: row.maxConcurrentUsers,
    maxEventsPerSecond: row.maxEventsPerSecond,
    maxJoinsPerSecond: row.maxJoinsPerSecond,
    maxChannelsPerClient: row.maxChannelsPerClient,
  };
}

async function currentTenantDto(tx: Tx, row: TenantRow): Promise<CurrentTenant> {
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    plan: row.plan,
    limits: limitsOf(row),
    usage: await tenantUsage(tx, row.id),
    createdAt: row.createdAt.toISOString(),
  };
}

export function currentTenantRoutes(deps: ResolvedDeps): Router {
  const { sql } = deps;
  const router = Router();
  const mount = routeMounter(router, deps);

  mount(routes.getTenant, async (_input, { principal: me }) =>
    withTenant(sql, me.tenantId, async (tx) => {
      const row = await getTenant(tx, me.tenantId);
      if (!row) throw notFound('workspace');
      return currentTenantDto(tx, row);
    }),
  );

  mount(routes.updateTenant, async ({ body }, { req, principal: me }) =>
    withTenant(sql, me.tenantId, async (tx) => {
      const before = await getTenant(tx, me.tenantId);
      if (!before) throw notFound('workspace');
      const row = await updateTenant(tx, me.tenantId, { name: body.name, ...body.limits });
      if (!row) throw notFound('workspace');
      // Lowering a limit below today's usage is allowed: it stops new operators
      // or conversations, and never removes existing ones.
      await auditWrite(tx, me, req, {
        action: 'tenant.update',
        targetType: 'tenant',
        targetId: me.tenantId,
        details: { ...body, before: { name: before.name, limits: limitsOf(before) } },
      });
      return currentTenantDto(tx, row);
    }),
  );

  return router;
}
