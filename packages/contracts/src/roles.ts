// Owns role rank: operator < supervisor < admin < owner, and what a rank
// grants beyond "at least". The API, the gateway and the web app all ask here,
// so a role's reach is decided once. Browser-safe: no Node imports.
import type { OperatorRole } from './enums.ts';

const RANK: Readonly<Record<OperatorRole, number>> = { operator: 0, supervisor: 1, admin: 2, owner: 3 };

/** The role's place in the order; higher reaches more. */
export function roleRank(role: OperatorRole): number {
  return RANK[role];
}

/** True when `role` is `minimum` or above (owner > admin > supervisor > operator). */
export function atLeast(role: OperatorRole, minimum: OperatorRole): boolean {
  return RANK[role] >= RANK[minimum];
}

/** Supervisors, admins and owners see every conversation of the tenant (and its supervisors room). */
export function seesEveryConversation(role: OperatorRole): boolean {
  return atLeast(role, 'supervisor');
}
