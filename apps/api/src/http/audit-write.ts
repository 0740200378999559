// Records an operator's write in the audit log, in the write's transaction:
// who (the caller), from where (the request's IP), and what the route says.
import { type AuditEntry, recordAudit, type Tx } from '@relay/db';
import type { Request } from 'express';
import type { Principal } from '../auth/authenticate.ts';

export function auditWrite(
  tx: Tx,
  me: Principal,
  req: Request,
  entry: Pick<AuditEntry, 'action' | 'targetType' | 'targetId' | 'details'>,
): Promise<void> {
  return recordAudit(tx, me.tenantId, { ...entry, operatorId: me.operatorId, ip: req.ip ?? null });
}
