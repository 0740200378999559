'use client';
import type { Queue } from '@relay/contracts';
// One queue in the table: its routing, SLA policy, members and what waits in
// it. Admins edit it (in a panel beneath) or delete it; supervisors and up
// change its members (the API lets them).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { withoutItem } from '../../data/crud.ts';
import { operatorQueries } from '../../data/operators.ts';
import { queueQueries, queueRequests, ROUTING_LABELS } from '../../data/queues.ts';
import { slaQueries } from '../../data/sla-policies.ts';
import { PanelButton, RowError, RowPanel } from '../admin/ui/admin-crud.tsx';
import { QueryState, ui } from '../admin/ui/admin-ui.tsx';
import { ConfirmDelete } from '../admin/ui/confirm-delete.tsx';
import { QueueEditForm } from './queue-form.tsx';
import { QueueMembersEditor } from './queue-members-editor.tsx';
import styles from './queue-settings.module.css';

const SHOWN_MEMBERS = 4;

export function QueueRow({
  queue,
  canAdmin,
  canStaff,
  columns,
}: {
  queue: Queue;
  canAdmin: boolean;
  canStaff: boolean;
  columns: number;
}) {
  const queryClient = useQueryClient();
  const operatorsQuery = useQuery(operatorQueries.all());
  const operators = operatorsQuery.data?.items;
  const policies = useQuery(slaQueries.names()).data;
  const [open, setOpen] = useState<'none' | 'edit' | 'members'>('none');

  const remove = useMutation({
    mutationFn: () => queueRequests.remove(queue.id),
    onSuccess: () => queryClient.setQueryData(queueQueries.all().queryKey, (data) => withoutItem(data, queue.id)),
  });

  const toggle = (panel: 'edit' | 'members') => setOpen((current) => (current === panel ? 'none' : panel));
  const policyName = queue.slaPolicyId
    ? (policies?.find((policy) => policy.id === queue.slaPolicyId)?.name ?? '…')
    : 'Workspace default';
  const memberNames = queue.memberIds.map((id) =>
    operators ? (operators.find((operator) => operator.id === id)?.name ?? 'Unknown operator') : '…',
  );

  return (
    <>
      <tr data-testid="queue-row" className={open === 'none' ? undefined : ui.activeRow}>
        <th scope="row" className={ui.rowHeader}>
          <span className={styles.name}>{queue.name}</span>
          {queue.isDefault && <span className={ui.badge}>Default</span>}
        </th>
        <td>{ROUTING_LABELS[queue.routingMode]}</td>
        <td>{policyName}</td>
        <td className={styles.membersCell}>
          <span data-testid="queue-members" title={memberNames.join(', ')}>
            {memberNames.length === 0
              ? 'Nobody'
              : memberNames.slice(0, SHOWN_MEMBERS).join(', ') +
                (memberNames.length > SHOWN_MEMBERS ? ` +${memberNames.length - SHOWN_MEMBERS}` : '')}
          </span>
          {canStaff && (
            <button
              type="button"
              className={ui.linkButton}
              aria-expanded={open === 'members'}
              aria-label={`Change members of ${queue.name}`}
              onClick={() => toggle('members')}
            >
              Change
            </button>
          )}
        </td>
        <td className={ui.num}>
          {queue.counts.waiting} / {queue.counts.assigned}
        </td>
        {canAdmin && (
          <td className={`${ui.actionsCell} ${styles.actionsCell}`}>
            <div className={ui.rowActions}>
              <PanelButton open={open === 'edit'} label={`Edit ${queue.name}`} onClick={() => toggle('edit')}>
                Edit
              </PanelButton>
              <ConfirmDelete
                what={`queue “${queue.name}”`}
                pending={remove.isPending}
                onConfirm={() => remove.mutate()}
              />
            </div>
          </td>
        )}
      </tr>
      <RowError columns={columns} error={remove.error} />
      {open === 'edit' && (
        <RowPanel columns={columns}>
          <QueueEditForm queue={queue} onDone={() => setOpen('none')} />
        </RowPanel>
      )}
      {open === 'members' && (
        <RowPanel columns={columns}>
          <QueryState query={operatorsQuery} what="operators">
            {(data) => <QueueMembersEditor queue={queue} operators={data.items} onDone={() => setOpen('none')} />}
          </QueryState>
        </RowPanel>
      )}
    </>
  );
}
