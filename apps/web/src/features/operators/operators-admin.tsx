'use client';
// The operators section (/admin/operators): everyone on the team with role,
// capacity, availability and whether the account is active. Admins and
// owners add people and change them inline (OperatorRow); supervisors read.
// Writes refetch through useOperatorsChanged.
import type { OperatorRole } from '@relay/contracts';
import { useQuery } from '@tanstack/react-query';
import { useNow } from '../../lib/use-now.ts';
import { AdminPage, QueryState, ui } from '../admin/ui/admin-ui.tsx';
import { useSession } from '../auth/use-session.ts';
import { OperatorCreateForm } from './operator-create-form.tsx';
import { operatorQueries } from './operator-queries.ts';
import { OperatorRow } from './operator-row.tsx';
import { canManageOperators } from './operator-rules.ts';
import styles from './operators-admin.module.css';

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
      <QueryState query={operators} what="operators">
        {(data) => (
          <div className={styles.scroll}>
            <table className={ui.table} aria-label="Operators">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Role</th>
                  <th scope="col" className={ui.num}>
                    Capacity
                  </th>
                  <th scope="col">Availability</th>
                  <th scope="col">Last seen</th>
                  <th scope="col">Status</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((operator) => (
                  <OperatorRow
                    key={operator.id}
                    operator={operator}
                    myRole={myRole}
                    isMe={operator.id === session?.operator.id}
                    now={now}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryState>
    </AdminPage>
  );
}
