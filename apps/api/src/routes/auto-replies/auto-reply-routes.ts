// Auto-reply rules as admins edit them (supervisors may look). The webhook
// applies the active ones (see routes/webhooks/auto-replies.ts).
import { autoReplyKeywordsRequired, createAutoReplyBody, idParams, patchAutoReplyBody } from '@relay/contracts';
import {
  type AutoReplyRuleRow,
  createAutoReplyRule,
  deleteAutoReplyRule,
  getAutoReplyRule,
  listAutoReplyRules,
  updateAutoReplyRule,
  withTenant,
} from '@relay/db';
import { Router } from 'express';
import { principalOf, requireRole } from '../../auth/authenticate.ts';
import type { ResolvedDeps } from '../../deps.ts';
import { AppError, notFound } from '../../errors/app-error.ts';
import { auditWrite } from '../../http/audit-write.ts';
import { parse } from '../../http/parse.ts';

function autoReplyDto(row: AutoReplyRuleRow) {
  return {
    id: row.id,
    name: row.name,
    trigger: row.trigger,
    keywords: row.keywords,
    content: row.content,
    channels: row.channels,
    priority: row.priority,
    isActive: row.isActive,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function autoReplyRoutes(deps: ResolvedDeps): Router {
  const { sql } = deps;
  const router = Router();

  router.get('/auto-replies', requireRole('supervisor'), async (_req, res) => {
    const me = principalOf(res);
    const rows = await withTenant(sql, me.tenantId, (tx) => listAutoReplyRules(tx, me.tenantId));
    res.json({ items: rows.map(autoReplyDto) });
  });

  router.post('/auto-replies', requireRole('admin'), async (req, res) => {
    const body = parse(createAutoReplyBody, req.body, 'body');
    const me = principalOf(res);
    const row = await withTenant(sql, me.tenantId, async (tx) => {
      const created = await createAutoReplyRule(tx, me.tenantId, body);
      await auditWrite(tx, me, req, {
        action: 'auto_reply.create',
        targetType: 'auto_reply',
        targetId: created.id,
        details: { name: body.name, trigger: body.trigger },
      });
      return created;
    });
    res.status(201).json(autoReplyDto(row));
  });

  router.patch('/auto-replies/:id', requireRole('admin'), async (req, res) => {
    const { id } = parse(idParams, req.params, 'params');
    const body = parse(patchAutoReplyBody, req.body, 'body');
    const me = principalOf(res);
    const row = await withTenant(sql, me.tenantId, async (tx) => {
      const current = await getAutoReplyRule(tx, me.tenantId, id);
      if (!current) throw notFound('auto reply');
      const next = {
        name: body.name ?? current.name,
        trigger: body.trigger ?? current.trigger,
        keywords: body.keywords ?? current.keywords,
        content: body.content ?? current.content,
        channels: body.channels ?? current.channels,
        priority: body.priority ?? current.priority,
        isActive: body.isActive ?? current.isActive,
      };
      // The rule as it will be, e.g. a greeting turned into a keyword rule without keywords.
      if (next.trigger === 'keyword' && next.keywords.length === 0) {
        throw new AppError('bad_request', 'invalid body', [
          { path: ['keywords'], message: autoReplyKeywordsRequired, code: 'custom' },
        ]);
      }
      const updated = await updateAutoReplyRule(tx, me.tenantId, id, next);
      if (!updated) throw notFound('auto reply');
      await auditWrite(tx, me, req, {
        action: 'auto_reply.update',
        targetType: 'auto_reply',
        targetId: id,
        details: { fields: Object.keys(body) },
      });
      return updated;
    });
    res.json(autoReplyDto(row));
  });

  router.delete('/auto-replies/:id', requireRole('admin'), async (req, res) => {
    const { id } = parse(idParams, req.params, 'params');
    const me = principalOf(res);
    await withTenant(sql, me.tenantId, async (tx) => {
      const deleted = await deleteAutoReplyRule(tx, me.tenantId, id);
      if (!deleted) throw notFound('auto reply');
      await auditWrite(tx, me, req, {
        action: 'auto_reply.delete',
        targetType: 'auto_reply',
        targetId: id,
        details: { name: deleted.name, trigger: deleted.trigger },
      });
    });
    res.status(204).end();
  });

  return router;
}
