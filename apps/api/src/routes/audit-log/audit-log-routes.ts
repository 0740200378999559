// GET /audit-log: who changed what, newest first, for admins.
import { auditLogQuery, encodeCursor } from '@relay/contracts';
import { listAudit, withTenant } from '@relay/db';
import { Router } from 'express';
import { principalOf, requireRole } from '../../auth/authenticate.ts';
import type { ResolvedDeps } from '../../deps.ts';
import { parse } from '../../http/parse.ts';

export function auditLogRoutes({ sql }: ResolvedDeps): Router {
  const router = Router();
  router.get('/audit-log', requireRole('admin'), async (req, res) => {
    const query = parse(auditLogQuery, req.query, 'query');
    const me = principalOf(res);
    const rows = await withTenant(sql, me.tenantId, (tx) =>
      listAudit(tx, me.tenantId, { before: query.cursor, limit: query.limit + 1 }),
    );
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    res.json({
      items: page.map(({ cursorAt: _cursorAt, tenantId: _tenantId, ...entry }) => entry),
      nextCursor: rows.length > query.limit && last ? encodeCursor(last.cursorAt, last.id) : null,
    });
  });
  return router;
}
