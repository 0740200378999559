// The tag vocabulary. Everyone picks from it; supervisors and up shape it.
// Names are unique regardless of case ("VIP" and "vip" are one tag).
// The routes' contracts (paths, roles, schemas) are apiRoutes.tags in @relay/contracts.
import { apiRoutes, type Tag } from '@relay/contracts';
import { createTag, deleteTag, listTags, type TagRow, updateTag, withTenant } from '@relay/db';
import { Router } from 'express';
import type { ResolvedDeps } from '../../deps.ts';
import { AppError, notFound } from '../../errors/app-error.ts';
import { auditWrite } from '../../http/audit-write.ts';
import { uniqueViolationOf } from '../../http/db-errors.ts';
import { routeMounter } from '../../http/mount-route.ts';

const routes = apiRoutes.tags;

function tagDto(row: TagRow): Tag {
  return {
    id: row.id,
    name: row.name,
    color: row.color,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

async function answeringConflicts<T>(work: Promise<T>, name: string | undefined): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (uniqueViolationOf(error) !== undefined) throw new AppError('conflict', `a tag named "${name}" already exists`);
    throw error;
  }
}

export function tagRoutes(deps: ResolvedDeps): Router {
  const { sql } = deps;
  const router = Router();
  const mount = routeMounter(router, deps);

  mount(routes.listTags, async (_input, { principal: me }) => {
    const rows = await withTenant(sql, me.tenantId, (tx) => listTags(tx, me.tenantId));
    return { items: rows.map(tagDto) };
  });

  mount(routes.createTag, async ({ body }, { req, principal: me }) => {
    const row = await answeringConflicts(
      withTenant(sql, me.tenantId, async (tx) => {
        const created = await createTag(tx, me.tenantId, body);
        await auditWrite(tx, me, req, {
          action: 'tag.create',
          targetType: 'tag',
          targetId: created.id,
          details: body,
        });
        return created;
      }),
      body.name,
    );
    return tagDto(row);
  });

  mount(routes.updateTag, async ({ params: { id }, body }, { req, principal: me }) => {
    const row = await answeringConflicts(
      withTenant(sql, me.tenantId, async (tx) => {
        const updated = await updateTag(tx, me.tenantId, id, body);
        if (!updated) throw notFound('tag');
        await auditWrite(tx, me, req, {
          action: 'tag.update',
          targetType: 'tag',
          targetId: id,
          details: body,
        });
        return updated;
      }),
      body.name,
    );
    return tagDto(row);
  });

  mount(routes.deleteTag, async ({ params: { id } }, { req, principal: me }) => {
    await withTenant(sql, me.tenantId, async (tx) => {
      const deleted = await deleteTag(tx, me.tenantId, id);
      if (!deleted) throw notFound('tag');
      await auditWrite(tx, me, req, {
        action: 'tag.delete',
        targetType: 'tag',
        targetId: id,
        details: { name: deleted.name },
      });
    });
  });

  return router;
}
