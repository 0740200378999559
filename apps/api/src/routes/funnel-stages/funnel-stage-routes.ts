// The sales funnel's stages, in position order. Everyone moves conversations
// through them; admins define them. Deleting a stage takes it off the
// conversations that were in it.
// The routes' contracts (paths, roles, schemas) are apiRoutes.funnelStages in @relay/contracts.
import { apiRoutes, type FunnelStage } from '@relay/contracts';
import {
  createFunnelStage,
  deleteFunnelStage,
  type FunnelStageRow,
  listFunnelStages,
  updateFunnelStage,
  withTenant,
} from '@relay/db';
import { Router } from 'express';
import type { ResolvedDeps } from '../../deps.ts';
import { notFound } from '../../errors/app-error.ts';
import { auditWrite } from '../../http/audit-write.ts';
import { routeMounter } from '../../http/mount-route.ts';

const routes = apiRoutes.funnelStages;

function stageDto(row: FunnelStageRow): FunnelStage {
  return {
    id: row.id,
    name: row.name,
    position: row.position,
    isFinal: row.isFinal,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function funnelStageRoutes(deps: ResolvedDeps): Router {
  const { sql } = deps;
  const router = Router();
  const mount = routeMounter(router, deps);

  mount(routes.listFunnelStages, async (_input, { principal: me }) => {
    const rows = await withTenant(sql, me.tenantId, (tx) => listFunnelStages(tx, me.tenantId));
    return { items: rows.map(stageDto) };
  });

  mount(routes.createFunnelStage, async ({ body }, { req, principal: me }) => {
    const row = await withTenant(sql, me.tenantId, async (tx) => {
      const created = await createFunnelStage(tx, me.tenantId, body);
      await auditWrite(tx, me, req, {
        action: 'funnel_stage.create',
        targetType: 'funnel_stage',
        targetId: created.id,
        details: { name: created.name, position: created.position, isFinal: created.isFinal },
      });
      return created;
    });
    return stageDto(row);
  });

  mount(routes.updateFunnelStage, async ({ params: { id }, body }, { req, principal: me }) => {
    const row = await withTenant(sql, me.tenantId, async (tx) => {
      const updated = await updateFunnelStage(tx, me.tenantId, id, body);
      if (!updated) throw notFound('funnel stage');
      await auditWrite(tx, me, req, {
        action: 'funnel_stage.update',
        targetType: 'funnel_stage',
        targetId: id,
        details: body,
      });
      return updated;
    });
    return stageDto(row);
  });

  mount(routes.deleteFunnelStage, async ({ params: { id } }, { req, principal: me }) => {
    await withTenant(sql, me.tenantId, async (tx) => {
      const deleted = await deleteFunnelStage(tx, me.tenantId, id);
      if (!deleted) throw notFound('funnel stage');
      await auditWrite(tx, me, req, {
        action: 'funnel_stage.delete',
        targetType: 'funnel_stage',
        targetId: id,
        details: { name: deleted.name },
      });
    });
  });

  return router;
}
