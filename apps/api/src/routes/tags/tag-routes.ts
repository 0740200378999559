// The tenant's tag vocabulary. Everyone picks from it; supervisors and up
// shape it. Names are unique regardless of case ("VIP" and "vip" are one tag).
import { createTagBody, idParams, patchTagBody } from '@relay/contracts';
import { createTag, deleteTag, listTags, type TagRow, updateTag, withTenant } from '@relay/db';
import { Router } from 'express';
import { principalOf, requireRole } from '../../auth/authenticate.ts';
import type { ResolvedDeps } from '../../deps.ts';
import { AppError, notFound } from '../../errors/app-error.ts';
import { auditWrite } from '../../http/audit-write.ts';
import { uniqueViolationOf } from '../../http/db-errors.ts';
import { parse } from '../../http/parse.ts';

function tagDto(row: TagRow) {
  return { id: row.id, name: row.name, color: row.color, createdAt: row.createdAt, updatedAt: row.updatedAt };
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

  router.get('/tags', async (_req, res) => {
    const me = principalOf(res);
    const rows = await withTenant(sql, me.tenantId, (tx) => listTags(tx, me.tenantId));
    res.json({ items: rows.map(tagDto) });
  });

  router.post('/tags', requireRole('supervisor'), async (req, res) => {
    const body = parse(createTagBody, req.body, 'body');
    const me = principalOf(res);
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
    res.status(201).json(tagDto(row));
  });

  router.patch('/tags/:id', requireRole('supervisor'), async (req, res) => {
    const { id } = parse(idParams, req.params, 'params');
    const body = parse(patchTagBody, req.body, 'body');
    const me = principalOf(res);
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
    res.json(tagDto(row));
  });

  router.delete('/tags/:id', requireRole('supervisor'), async (req, res) => {
    const { id } = parse(idParams, req.params, 'params');
    const me = principalOf(res);
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
    res.status(204).end();
  });

  return router;
}
