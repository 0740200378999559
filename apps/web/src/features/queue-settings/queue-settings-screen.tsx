'use client';
// /admin/queues: the workspace's queues. Admins create, edit, make default
// and delete them; supervisors and up choose who works each one.
import { atLeast } from '@relay/contracts';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { AdminPage, QueryState, ui } from '../admin/ui/admin-ui.tsx';
import { useSession } from '../auth/use-session.ts';
import { QueueCreateForm } from './queue-create-form.tsx';
import { QueueRow } from './queue-row.tsx';
import styles from './queue-settings.module.css';
import { queueSettingsQueries } from './queue-settings-queries.ts';

export function QueueSettingsScreen() {
  const session = useSession();
  const role = session?.operator.role ?? 'operator';
  const canAdmin = atLeast(role, 'admin');
  const canStaff = atLeast(role, 'supervisor');
  const queues = useQuery(queueSettingsQueries.all());
  const [creating, setCreating] = useState(false);
  const columns = canAdmin ? 6 : 5;

  return (
    <AdminPage
      title="Queues"
      description="Where new conversations wait and who works them. Routing hands them to members: by hand, in turn (round robin) or to whoever has the fewest open (least loaded)."
      actions={
        canAdmin &&
        !creating && (
          <button type="button" className={ui.primary} onClick={() => setCreating(true)}>
            New queue
          </button>
        )
      }
    >
      {creating && <QueueCreateForm onDone={() => setCreating(false)} />}
      <QueryState query={queues} what="queues">
        {(items) =>
          items.length === 0 ? (
            <p className={ui.muted}>No queues yet.</p>
          ) : (
            <div className={styles.scroll}>
              <table className={ui.table} aria-label="Queues">
                <thead>
                  <tr>
                    <th scope="col">Queue</th>
                    <th scope="col">Routing</th>
                    <th scope="col">SLA policy</th>
                    <th scope="col">Members</th>
                    <th scope="col" className={ui.num}>
                      Waiting / assigned
                    </th>
                    {canAdmin && (
                      <th scope="col">
                        <span className="visually-hidden">Actions</span>
                      </th>
                    )}
                  </tr>
                </thead>
                <tbody>
                  {items.map((queue) => (
                    <QueueRow key={queue.id} queue={queue} canAdmin={canAdmin} canStaff={canStaff} columns={columns} />
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryState>
    </AdminPage>
  );
}
