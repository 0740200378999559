'use client';
import type { SlaPolicy } from '@relay/contracts';
// The SLA policies section (/admin/sla): every policy's targets in words
// ("5 min", "1 day"), when it warns, its business hours and what it covers.
// Admins and up create, edit and delete (the API's rule); supervisors read.
import { atLeast } from '@relay/contracts';
import { useQuery } from '@tanstack/react-query';
import { queueQueries } from '../../data/queues.ts';
import { slaQueries, slaRequests } from '../../data/sla-policies.ts';
import * as crud from '../admin/ui/admin-crud.tsx';
import { ui } from '../admin/ui/admin-ui.tsx';
import { useSession } from '../auth/use-session.ts';
import { channelLabel } from '../conversations/conversation-row.tsx';
import styles from './sla-admin.module.css';
import { formatBusinessHours, formatDuration } from './sla-duration.ts';
import { PRIORITY_LABELS, SlaForm } from './sla-form.tsx';

const TABLE: crud.ListTable = {
  label: 'SLA policies',
  what: 'SLA policies',
  columns: [
    'Policy',
    'First response',
    'Resolution',
    { label: 'Warn at', numeric: true },
    'Business hours',
    'Applies to',
  ],
};

// The prefix: the queue settings' policy names live under it too.
const useSlaChanged = () => crud.useRefetch(slaQueries.all());

export function SlaAdmin() {
  const session = useSession();
  const canEdit = session ? atLeast(session.operator.role, 'admin') : false;
  const policies = useQuery(slaQueries.list());
  const create = crud.useCreatePanel(slaRequests.create, useSlaChanged());

  return (
    <crud.CrudPage
      title="SLA policies"
      description={
        <>
          How fast conversations must get a first reply and be resolved. A conversation turns at-risk at the warning
          share of its target and breached past it. {!canEdit && 'Only admins can change policies.'}
        </>
      }
      newLabel="New policy"
      canCreate={canEdit}
      panel={create}
      form={<SlaForm form={create.form} />}
    >
      <crud.AdminList
        query={policies}
        table={TABLE}
        empty="No SLA policies: conversations have no response or resolution targets."
        row={(policy) => <PolicyRow key={policy.id} policy={policy} canEdit={canEdit} />}
      />
    </crud.CrudPage>
  );
}

function PolicyRow({ policy, canEdit }: { policy: SlaPolicy; canEdit: boolean }) {
  const row = crud.useEditableRow(slaRequests, policy.id, useSlaChanged());
  return (
    <crud.CrudRow
      row={row}
      columns={TABLE.columns.length + 1}
      edit={(form) => <SlaForm initial={policy} form={form} />}
    >
      <td>
        <span className={styles.name}>{policy.name}</span> {policy.isDefault && <span className={ui.ok}>Default</span>}
      </td>
      <td className={styles.target}>{formatDuration(policy.firstResponseSeconds)}</td>
      <td className={styles.target}>{formatDuration(policy.resolutionSeconds)}</td>
      <td className={ui.num}>{policy.warnAtPercent}%</td>
      <td className={styles.small}>{formatBusinessHours(policy.businessHours)}</td>
      <td className={styles.small}>
        <Conditions policy={policy} />
      </td>
      <crud.RowActions
        row={row}
        canEdit={canEdit}
        editLabel={`Edit SLA policy ${policy.name}`}
        what={`SLA policy "${policy.name}"`}
      />
    </crud.CrudRow>
  );
}

function Conditions({ policy }: { policy: SlaPolicy }) {
  const queues = useQuery(queueQueries.all());
  const { channels, queueIds, priorityAtLeast } = policy.conditions;
  const parts: string[] = [];
  if (channels?.length) parts.push(channels.map(channelLabel).join(', '));
  if (queueIds?.length) {
    const names = queueIds.map((id) => queues.data?.find((queue) => queue.id === id)?.name ?? 'deleted queue');
    parts.push(`${queueIds.length === 1 ? 'Queue' : 'Queues'}: ${names.join(', ')}`);
  }
  if (priorityAtLeast) parts.push(PRIORITY_LABELS[priorityAtLeast] ?? `Priority ≥ ${priorityAtLeast}`);
  if (parts.length === 0)
    return <span className={ui.muted}>{policy.isDefault ? 'Everything else' : 'All conversations'}</span>;
  return (
    <ul className={styles.conditions}>
      {parts.map((part) => (
        <li key={part}>{part}</li>
      ))}
    </ul>
  );
}
