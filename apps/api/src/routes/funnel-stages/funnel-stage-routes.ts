// The sales funnel's stages, in position order. Everyone moves conversations
// through them; admins define them. Deleting a stage takes it off the
// conversations that were in it.
import { createFunnelStageBody, idParams, patchFunnelStageBody } from '@relay/contracts';
import {
  createFunnelStage,
  deleteFunnelStage,
  type FunnelStageRow,
  listFunnelStages,
  updateFunnelStage,
  withTenant,
} from '@relay/db';
import { Router } from 'express';
import { principalOf, requireRole } from '../../auth/authenticate.ts';
import type { ResolvedDeps } from '../../deps.ts';
import { notFound } from '../../errors/app-error.ts';
import { auditWrite } from '../../http/audit-write.ts';
import { parse } from '../../http/parse.ts';

function stageDto(row: FunnelStageRow) {
  return {
    id: row.id,
    name: row.name,
    position: row.position,
    isFinal: row.isFinal,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function funnelStageRoutes(deps: ResolvedDeps): Router {
  const { sql } = deps;
  const router = Router();

  router.get('/funnel-stages', async (_req, res) => {
    const me = principalOf(res);
    const rows = await withTenant(sql, me.tenantId, (tx) => listFunnelStages(tx, me.tenantId));
    res.json({ items: rows.map(stageDto) });
  });

  router.post('/funnel-stages', requireRole('admin'), async (req, res) => {
    const body = parse(createFunnelStageBody, req.body, 'body');
    const me = principalOf(res);
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
    res.status(201).json(stageDto(row));
  });

  router.patch('/funnel-stages/:id', requireRole('admin'), async (req, res) => {
    const { id } = parse(idParams, req.params, 'params');
    const body = parse(patchFunnelStageBody, req.body, 'body');
    const me = principalOf(res);
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
    res.json(stageDto(row));
  });

  router.delete('/funnel-stages/:id', requireRole('admin'), async (req, res) => {
    const { id } = parse(idParams, req.params, 'params');
    const me = principalOf(res);
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
    res.status(204).end();
  });

  return router;
}
