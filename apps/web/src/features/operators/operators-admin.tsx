'use client';
// The operators section (/admin/operators): everyone on the team with role,
// capacity, availability and whether the account is active. Admins and
// owners add people and change them inline (OperatorRow); supervisors read.
// Writes refetch through useOperatorsChanged.
import type { OperatorRole } from '@relay/contracts';
import { useQuery } from '@tanstack/react-query';
import { operatorQueries } from '../../data/operators.ts';
import { useNow } from '../../lib/use-now.ts';
import { AdminList, type ListTable } from '../admin/ui/admin-crud.tsx';
import { AdminPage } from '../admin/ui/admin-ui.tsx';
import { useSession } from '../auth/use-session.ts';
import { OperatorCreateForm } from './operator-create-form.tsx';
import { OperatorRow } from './operator-row.tsx';
import { canManageOperators } from './operator-rules.ts';

const TABLE: ListTable = {
  label: 'Operators',
  what: 'operators',
  columns: ['Name', 'Role', { label: 'Capacity', numeric: true }, 'Availability', 'Last seen', 'Status'],
};

export function OperatorsAdmin() {
  const session = useSession();
  const operators = useQuery(operatorQueries.all());
  const now = useNow(60_000);
  const myRole: OperatorRole = session?.operator.role ?? 'operator';
  const manage = canManageOperators(myRole);
  return (
    <AdminPage
      title="Operators"
      description={
        manage
          ? 'The people who answer conversations. Capacity is how many open conversations routing gives someone at most. Deactivated people are signed out at once and stop counting against the plan.'
          : 'The people who answer conversations. Only admins and owners can add or change them.'
      }
    >
      {manage && <OperatorCreateForm myRole={myRole} />}
      <AdminList
        query={operators}
        table={TABLE}
        empty="No operators yet."
        row={(operator) => (
          <OperatorRow
            key={operator.id}
            operator={operator}
            myRole={myRole}
            isMe={operator.id === session?.operator.id}
            now={now}
          />
        )}
      />
    </AdminPage>
  );
}
