'use client';
// /admin/queues: the workspace's queues. Admins create, edit, make default
// and delete them; supervisors and up choose who works each one.
import { atLeast } from '@relay/contracts';
import { useQuery } from '@tanstack/react-query';
import { queueQueries } from '../../data/queues.ts';
import * as crud from '../admin/ui/admin-crud.tsx';
import { useSession } from '../auth/use-session.ts';
import { QueueCreateForm } from './queue-form.tsx';
import { QueueRow } from './queue-row.tsx';

const TABLE: crud.ListTable = {
  label: 'Queues',
  what: 'queues',
  columns: ['Queue', 'Routing', 'SLA policy', 'Members', { label: 'Waiting / assigned', numeric: true }],
};

export function QueueSettingsScreen() {
  const session = useSession();
  const role = session?.operator.role ?? 'operator';
  const canAdmin = atLeast(role, 'admin');
  const canStaff = atLeast(role, 'supervisor');
  const queues = useQuery(queueQueries.all());
  const create = crud.usePanel();
  const columns = TABLE.columns.length + (canAdmin ? 1 : 0);

  return (
    <crud.CrudPage
      title="Queues"
      description="Where new conversations wait and who works them. Routing hands them to members: by hand, in turn (round robin) or to whoever has the fewest open (least loaded)."
      newLabel="New queue"
      canCreate={canAdmin}
      panel={create}
      form={<QueueCreateForm onDone={create.close} />}
    >
      <crud.AdminList
        query={queues}
        table={{ ...TABLE, actions: canAdmin }}
        empty="No queues yet."
        row={(queue) => (
          <QueueRow key={queue.id} queue={queue} canAdmin={canAdmin} canStaff={canStaff} columns={columns} />
        )}
      />
    </crud.CrudPage>
  );
}
