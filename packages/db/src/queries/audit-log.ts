// Owns the audit log: one row per write an operator (or the system) makes.
import type { Queryable, Tx } from '../create-db.ts';
import { microsIso } from './conversation-views.ts';

export type AuditEntry = {
  operatorId: string | null;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  details?: Record<string, unknown>;
  ip?: string | null;
};

export type AuditRow = Required<AuditEntry> & { tenantId: string; id: string; createdAt: Date };

export async function recordAudit(tx: Tx, tenantId: string, entry: AuditEntry): Promise<void> {
  await tx`
    insert into audit_log (tenant_id, operator_id, action, target_type, target_id, details, ip)
    values (${tenantId}, ${entry.operatorId}, ${entry.action}, ${entry.targetType ?? null}, ${entry.targetId ?? null},
            ${tx.json((entry.details ?? {}) as never)}, ${entry.ip ?? null})`;
}

export type AuditListRow = AuditRow & { operatorName: string | null; cursorAt: string };

/** Newest first, strictly older than `before` when given; the cursor keeps microseconds (see microsIso). */
export async function listAudit(
  tx: Queryable,
  tenantId: string,
  page: { before?: { at: string; id: string } | undefined; limit: number },
): Promise<AuditListRow[]> {
  const before = page.before;
  return tx<AuditListRow[]>`
    select a.*, o.name as operator_name, ${microsIso(tx, 'a.created_at')} as cursor_at
      from audit_log a
      left join operators o on o.tenant_id = a.tenant_id and o.id = a.operator_id
     where a.tenant_id = ${tenantId}
       ${before ? tx`and (a.created_at, a.id) < (${before.at}::text::timestamptz, ${before.id})` : tx``}
     order by a.created_at desc, a.id desc
     limit ${page.limit}`;
}
