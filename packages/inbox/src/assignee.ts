// The check a person's choice of assignee passes (assign, transfer): someone
// of this workspace, still active. The router's candidates are locked active
// members already and skip it.
import { getOperator, type Tx } from '@relay/db';
import { InboxError, notFound } from './inbox-error.ts';

export async function checkAssignee(tx: Tx, tenantId: string, operatorId: string | null): Promise<void> {
  if (!operatorId) return;
  const target = await getOperator(tx, tenantId, operatorId);
  if (!target) throw notFound('operator');
  if (!target.isActive) throw new InboxError('unprocessable', 'that operator is deactivated');
}
