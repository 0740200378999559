// Canned responses for the composer ("/" + shortcut). Shared ones belong to
// the workspace and are edited by supervisors and up; personal ones belong to
// one operator and nobody else sees them, whatever their role.
// The routes' contracts (paths, schemas) are apiRoutes.cannedResponses in @relay/contracts.
import { apiRoutes, atLeast, type CannedResponse } from '@relay/contracts';
import {
  type CannedResponseRow,
  createCannedResponse,
  deleteCannedResponse,
  getVisibleCannedResponse,
  listCannedResponses,
  recordCannedResponseUse,
  type Tx,
  updateCannedResponse,
  withTenant,
} from '@relay/db';
import { Router } from 'express';
import type { Principal } from '../../auth/authenticate.ts';
import type { ResolvedDeps } from '../../deps.ts';
import { AppError, notFound } from '../../errors/app-error.ts';
import { auditWrite } from '../../http/audit-write.ts';
import { uniqueViolationOf } from '../../http/db-errors.ts';
import { routeMounter } from '../../http/mount-route.ts';

const routes = apiRoutes.cannedResponses;

function cannedDto(row: CannedResponseRow): CannedResponse {
  return {
    id: row.id,
    title: row.title,
    shortcut: row.shortcut,
    content: row.content,
    category: row.category,
    shared: row.operatorId === null,
    ownerId: row.operatorId,
    usageCount: row.usageCount,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const SHARED_NEEDS_SUPERVISOR = 'shared canned responses need the supervisor role or higher';

/** One the caller may change: their own, or a shared one if they are a supervisor or up. */
async function editable(tx: Tx, me: Principal, id: string): Promise<CannedResponseRow> {
  const row = await getVisibleCannedResponse(tx, me.tenantId, me.operatorId, id);
  if (!row) throw notFound('canned response');
  if (row.operatorId === null && !atLeast(me.role, 'supervisor'))
    throw new AppError('forbidden', SHARED_NEEDS_SUPERVISOR);
  return row;
}

async function answeringConflicts<T>(work: Promise<T>, shortcut: string | undefined): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (uniqueViolationOf(error) !== undefined) {
      throw new AppError('conflict', `the shortcut "/${shortcut}" is already taken here`);
    }
    throw error;
  }
}

export function cannedResponseRoutes(deps: ResolvedDeps): Router {
  const { sql } = deps;
  const router = Router();
  const mount = routeMounter(router, deps);

  mount(routes.listCannedResponses, async ({ query: { q } }, { principal: me }) => {
    const rows = await withTenant(sql, me.tenantId, (tx) => listCannedResponses(tx, me.tenantId, me.operatorId, q));
    return { items: rows.map(cannedDto) };
  });

  mount(routes.createCannedResponse, async ({ body: { shared, ...body } }, { req, principal: me }) => {
    if (shared && !atLeast(me.role, 'supervisor')) throw new AppError('forbidden', SHARED_NEEDS_SUPERVISOR);
    const row = await answeringConflicts(
      withTenant(sql, me.tenantId, async (tx) => {
        const created = await createCannedResponse(tx, me.tenantId, shared ? null : me.operatorId, body);
        await auditWrite(tx, me, req, {
          action: 'canned_response.create',
          targetType: 'canned_response',
          targetId: created.id,
          details: { shortcut: body.shortcut, shared },
        });
        return created;
      }),
      body.shortcut,
    );
    return cannedDto(row);
  });

  mount(routes.updateCannedResponse, async ({ params: { id }, body }, { req, principal: me }) => {
    const row = await answeringConflicts(
      withTenant(sql, me.tenantId, async (tx) => {
        const current = await editable(tx, me, id);
        const updated = await updateCannedResponse(tx, me.tenantId, id, {
          title: body.title ?? current.title,
          shortcut: body.shortcut ?? current.shortcut,
          content: body.content ?? current.content,
          category: body.category === undefined ? current.category : body.category,
        });
        if (!updated) throw notFound('canned response');
        await auditWrite(tx, me, req, {
          action: 'canned_response.update',
          targetType: 'canned_response',
          targetId: id,
          details: { fields: Object.keys(body) },
        });
        return updated;
      }),
      body.shortcut,
    );
    return cannedDto(row);
  });

  mount(routes.deleteCannedResponse, async ({ params: { id } }, { req, principal: me }) => {
    await withTenant(sql, me.tenantId, async (tx) => {
      const current = await editable(tx, me, id);
      if (!(await deleteCannedResponse(tx, me.tenantId, id))) throw notFound('canned response');
      await auditWrite(tx, me, req, {
        action: 'canned_response.delete',
        targetType: 'canned_response',
        targetId: id,
        details: { shortcut: current.shortcut, shared: current.operatorId === null },
      });
    });
  });

  // Counting a use is not an edit: anyone who can see the response may.
  mount(routes.recordCannedResponseUse, async ({ params: { id } }, { req, principal: me }) => {
    const row = await withTenant(sql, me.tenantId, async (tx) => {
      if (!(await getVisibleCannedResponse(tx, me.tenantId, me.operatorId, id))) throw notFound('canned response');
      const used = await recordCannedResponseUse(tx, me.tenantId, id);
      await auditWrite(tx, me, req, {
        action: 'canned_response.use',
        targetType: 'canned_response',
        targetId: id,
      });
      return used;
    });
    if (!row) throw notFound('canned response');
    return cannedDto(row);
  });

  return router;
}
