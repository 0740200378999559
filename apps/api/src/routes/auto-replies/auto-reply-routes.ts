// Auto-reply rules as admins edit them (supervisors may look). The webhook
// applies the active ones (see routes/webhooks/auto-replies.ts).
// The routes' contracts (paths, schemas) are apiRoutes.autoReplies in @relay/contracts.
import { type AutoReply, apiRoutes, autoReplyKeywordsRequired, type ChannelKind } from '@relay/contracts';
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
import type { ResolvedDeps } from '../../deps.ts';
import { AppError, notFound } from '../../errors/app-error.ts';
import { auditWrite } from '../../http/audit-write.ts';
import { routeMounter } from '../../http/mount-route.ts';

const routes = apiRoutes.autoReplies;

function autoReplyDto(row: AutoReplyRuleRow): AutoReply {
  return {
    id: row.id,
    name: row.name,
    trigger: row.trigger,
    keywords: row.keywords,
    content: row.content,
    // Stored as text[]; only channel kinds are ever written (createAutoReplyBody, patchAutoReplyBody).
    channels: row.channels as ChannelKind[],
    priority: row.priority,
    isActive: row.isActive,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function autoReplyRoutes(deps: ResolvedDeps): Router {
  const { sql } = deps;
  const router = Router();
  const mount = routeMounter(router, deps);

  mount(routes.listAutoReplies, async (_input, { principal: me }) => {
    const rows = await withTenant(sql, me.tenantId, (tx) => listAutoReplyRules(tx, me.tenantId));
    return { items: rows.map(autoReplyDto) };
  });

  mount(routes.createAutoReply, async ({ body }, { req, principal: me }) => {
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
    return autoReplyDto(row);
  });

  mount(routes.updateAutoReply, async ({ params: { id }, body }, { req, principal: me }) => {
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
    return autoReplyDto(row);
  });

  mount(routes.deleteAutoReply, async ({ params: { id } }, { req, principal: me }) => {
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
  });

  return router;
}
