// What the signed-in role may do to operators, mirroring the API's rules
// (apps/api/src/routes/operators/operator-routes.ts) so the section never
// offers a change the API would refuse: admins and owners manage people,
// only owners make owners or touch an owner's account, and nobody
// deactivates themselves from here.

import type { OperatorView } from '@relay/contracts';
import { atLeast, type OperatorRole } from '@relay/contracts';
import { ApiError, errorText } from '../../lib/api.ts';

export const ROLE_LABEL: Record<OperatorRole, string> = {
  owner: 'Owner',
  admin: 'Admin',
  supervisor: 'Supervisor',
  operator: 'Operator',
};

export function canManageOperators(myRole: OperatorRole): boolean {
  return atLeast(myRole, 'admin');
}

/** The roles the caller may give someone, highest first. */
export function assignableRoles(myRole: OperatorRole): OperatorRole[] {
  const roles: OperatorRole[] = ['admin', 'supervisor', 'operator'];
  return myRole === 'owner' ? ['owner', ...roles] : roles;
}

/** Whether the caller may change this operator's role, capacity or active state. */
export function canChange(myRole: OperatorRole, target: Pick<OperatorView, 'role'>): boolean {
  return canManageOperators(myRole) && (myRole === 'owner' || target.role !== 'owner');
}

/** An operator write's error in words; the plan limit names the numbers and the way out. */
export function operatorErrorText(error: unknown, myRole: OperatorRole): string {
  if (error instanceof ApiError && error.code === 'plan_limit_reached') {
    const { limit, active } = (error.details ?? {}) as { limit?: number; active?: number };
    const figures =
      limit === undefined
        ? 'The plan’s limit of active operators is reached.'
        : `The plan allows ${limit} active operators${active === undefined ? '' : ` and ${active} are active`}.`;
    const way =
      myRole === 'owner'
        ? ' Deactivate someone, or raise the limit under Workspace & limits.'
        : ' Deactivate someone, or ask the workspace owner to raise the limit.';
    return `${figures}${way}`;
  }
  return errorText(error);
}
