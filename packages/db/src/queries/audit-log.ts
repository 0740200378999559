// Owns the audit log: one row per write an operator (or the system) makes.
import type { Queryable, Tx } from '../create-db.ts';

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

export async function listAudit(
  tx: Queryable,
  tenantId: string,
  page: { before?: { at: Date; id: string }; limit: number },
): Promise<AuditRow[]> {
  const before = page.before;
  return tx<AuditRow[]>`
    select * from audit_log
     where tenant_id = ${tenantId}
       ${before ? tx`and (created_at, id) < (${before.at}, ${before.id})` : tx``}
     order by created_at desc, id desc
     limit ${page.limit}`;
}
