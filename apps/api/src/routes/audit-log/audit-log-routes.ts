// GET /audit-log: who changed what, newest first, for admins.
// The route's contract (path, role, schemas) is apiRoutes.auditLog in @relay/contracts.
import { type AuditLogEntry, apiRoutes, encodeCursor } from '@relay/contracts';
import { type AuditListRow, listAudit, withTenant } from '@relay/db';
import { Router } from 'express';
import type { ResolvedDeps } from '../../deps.ts';
import { routeMounter } from '../../http/mount-route.ts';

function auditDto(row: AuditListRow): AuditLogEntry {
  return {
    id: row.id,
    operatorId: row.operatorId,
    operatorName: row.operatorName,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    details: row.details,
    ip: row.ip,
    createdAt: row.createdAt.toISOString(),
  };
}

export function auditLogRoutes(deps: ResolvedDeps): Router {
  const { sql } = deps;
  const router = Router();
  const mount = routeMounter(router, deps);

  mount(apiRoutes.auditLog.listAuditLog, async ({ query }, { principal: me }) => {
    const rows = await withTenant(sql, me.tenantId, (tx) =>
      listAudit(tx, me.tenantId, { before: query.cursor, limit: query.limit + 1 }),
    );
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map(auditDto),
      nextCursor: rows.length > query.limit && last ? encodeCursor(last.cursorAt, last.id) : null,
    };
  });

  return router;
}
