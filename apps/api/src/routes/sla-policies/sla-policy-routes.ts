// SLA policies: response and resolution targets (stored in seconds, accepted
// in minutes too), when the warning fires, the business hours the clock runs
// in, and which conversations they apply to. At most one is the default.
// The routes' contracts (paths, schemas) are apiRoutes.slaPolicies in @relay/contracts.
import { apiRoutes, type SlaPolicy } from '@relay/contracts';
import {
  createSlaPolicy,
  deleteSlaPolicy,
  getSlaPolicy,
  listSlaPolicies,
  type SlaPolicyRow,
  updateSlaPolicy,
  withTenant,
} from '@relay/db';
import { Router } from 'express';
import type { ResolvedDeps } from '../../deps.ts';
import { AppError, notFound } from '../../errors/app-error.ts';
import { auditWrite } from '../../http/audit-write.ts';
import { uniqueViolationOf } from '../../http/db-errors.ts';
import { routeMounter } from '../../http/mount-route.ts';

const routes = apiRoutes.slaPolicies;

const minutesOf = (seconds: number | null) => (seconds === null ? null : seconds / 60);

function slaPolicyDto(row: SlaPolicyRow): SlaPolicy {
  return {
    id: row.id,
    name: row.name,
    firstResponseSeconds: row.firstResponseSeconds,
    resolutionSeconds: row.resolutionSeconds,
    firstResponseMinutes: minutesOf(row.firstResponseSeconds),
    resolutionMinutes: minutesOf(row.resolutionSeconds),
    warnAtPercent: row.warnAtPercent,
    businessHours: row.businessHours,
    conditions: row.conditions,
    isDefault: row.isDefault,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

async function answeringConflicts<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    // The only unique rule is one default per tenant; the flag is moved first, so only a race gets here.
    if (uniqueViolationOf(error) !== undefined) {
      throw new AppError(
        'conflict',
        'the default SLA policy was changed by another request at the same time; try again',
      );
    }
    throw error;
  }
}

export function slaPolicyRoutes(deps: ResolvedDeps): Router {
  const { sql } = deps;
  const router = Router();
  const mount = routeMounter(router, deps);

  mount(routes.listSlaPolicies, async (_input, { principal: me }) => {
    const rows = await withTenant(sql, me.tenantId, (tx) => listSlaPolicies(tx, me.tenantId));
    return { items: rows.map(slaPolicyDto) };
  });

  mount(routes.createSlaPolicy, async ({ body }, { req, principal: me }) => {
    const row = await answeringConflicts(
      withTenant(sql, me.tenantId, async (tx) => {
        const created = await createSlaPolicy(tx, me.tenantId, body);
        await auditWrite(tx, me, req, {
          action: 'sla_policy.create',
          targetType: 'sla_policy',
          targetId: created.id,
          details: body,
        });
        return created;
      }),
    );
    return slaPolicyDto(row);
  });

  mount(routes.updateSlaPolicy, async ({ params: { id }, body }, { req, principal: me }) => {
    const row = await answeringConflicts(
      withTenant(sql, me.tenantId, async (tx) => {
        const current = await getSlaPolicy(tx, me.tenantId, id);
        if (!current) throw notFound('SLA policy');
        const updated = await updateSlaPolicy(tx, me.tenantId, id, {
          name: body.name ?? current.name,
          firstResponseSeconds:
            body.firstResponseSeconds === undefined ? current.firstResponseSeconds : body.firstResponseSeconds,
          resolutionSeconds: body.resolutionSeconds === undefined ? current.resolutionSeconds : body.resolutionSeconds,
          warnAtPercent: body.warnAtPercent ?? current.warnAtPercent,
          businessHours: body.businessHours === undefined ? current.businessHours : body.businessHours,
          conditions: body.conditions ?? current.conditions,
          isDefault: body.isDefault ?? current.isDefault,
        });
        if (!updated) throw notFound('SLA policy');
        await auditWrite(tx, me, req, {
          action: 'sla_policy.update',
          targetType: 'sla_policy',
          targetId: id,
          details: body,
        });
        return updated;
      }),
    );
    return slaPolicyDto(row);
  });

  // Deleting the default is allowed: a workspace may run without SLA targets.
  mount(routes.deleteSlaPolicy, async ({ params: { id } }, { req, principal: me }) => {
    await withTenant(sql, me.tenantId, async (tx) => {
      const deleted = await deleteSlaPolicy(tx, me.tenantId, id);
      if (!deleted) throw notFound('SLA policy');
      await auditWrite(tx, me, req, {
        action: 'sla_policy.delete',
        targetType: 'sla_policy',
        targetId: id,
        details: { name: deleted.name, wasDefault: deleted.isDefault },
      });
    });
  });

  return router;
}
