// Who may do what in the UI: the API enforces roles, the UI only hides what
// would be refused. Roles rank operator < supervisor < admin < owner.
import type { OperatorRole } from '@relay/contracts';

const RANK: Record<OperatorRole, number> = { operator: 0, supervisor: 1, admin: 2, owner: 3 };

/** True when `role` is `least` or above. */
export function hasRole(role: OperatorRole, least: OperatorRole): boolean {
  return RANK[role] >= RANK[least];
}
