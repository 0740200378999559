'use client';
// The SLA policies section (/admin/sla): every policy's targets in words
// ("5 min", "1 day"), when it warns, its business hours and what it covers.
// Admins and up create, edit and delete (the API's rule); supervisors read.
import { atLeast } from '@relay/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../lib/api.ts';
import { AdminPage, FormError, QueryState, ui } from '../admin/ui/admin-ui.tsx';
import { ConfirmDelete } from '../admin/ui/confirm-delete.tsx';
import { useEditableRow } from '../admin/ui/use-editable-row.ts';
import { useSession } from '../auth/use-session.ts';
import { channelLabel } from '../conversations/conversation-row.tsx';
import { queueSettingsQueries } from '../queue-settings/queue-settings-queries.ts';
import styles from './sla-admin.module.css';
import { formatBusinessHours, formatDuration } from './sla-duration.ts';
import { PRIORITY_LABELS, SlaForm } from './sla-form.tsx';
import { type SlaPolicy, type SlaPolicyInput, slaQueries } from './sla-queries.ts';

function useSlaChanged() {
  const queryClient = useQueryClient();
  // The prefix: the queue settings' policy names live under it too.
  return () => queryClient.invalidateQueries({ queryKey: slaQueries.all() });
}

export function SlaAdmin() {
  const session = useSession();
  const canEdit = session ? atLeast(session.operator.role, 'admin') : false;
  const policies = useQuery(slaQueries.list());
  const [creating, setCreating] = useState(false);
  const changed = useSlaChanged();
  const create = useMutation({
    mutationFn: (body: SlaPolicyInput) => api<SlaPolicy>('/sla-policies', { method: 'POST', body }),
    onSuccess: async () => {
      await changed();
      setCreating(false);
    },
  });

  return (
    <AdminPage
      title="SLA policies"
      description={
        <>
          How fast conversations must get a first reply and be resolved. A conversation turns at-risk at the warning
          share of its target and breached past it. {!canEdit && 'Only admins can change policies.'}
        </>
      }
      actions={
        canEdit &&
        !creating && (
          <button
            type="button"
            className={ui.primary}
            onClick={() => {
              create.reset();
              setCreating(true);
            }}
          >
            New policy
          </button>
        )
      }
    >
      {creating && (
        <SlaForm
          pending={create.isPending}
          error={create.error}
          onSubmit={(input) => create.mutate(input)}
          onCancel={() => setCreating(false)}
        />
      )}
      <QueryState query={policies} what="SLA policies">
        {(items) =>
          items.length === 0 ? (
            <p className={ui.muted}>No SLA policies: conversations have no response or resolution targets.</p>
          ) : (
            <div className={ui.scroll}>
              <table className={ui.table} aria-label="SLA policies">
                <thead>
                  <tr>
                    <th scope="col">Policy</th>
                    <th scope="col">First response</th>
                    <th scope="col">Resolution</th>
                    <th scope="col" className={ui.num}>
                      Warn at
                    </th>
                    <th scope="col">Business hours</th>
                    <th scope="col">Applies to</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((policy) => (
                    <PolicyRow key={policy.id} policy={policy} canEdit={canEdit} />
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

function PolicyRow({ policy, canEdit }: { policy: SlaPolicy; canEdit: boolean }) {
  const { editing, setEditing, save, remove } = useEditableRow<SlaPolicyInput, SlaPolicy>(
    `/sla-policies/${policy.id}`,
    useSlaChanged(),
  );

  if (editing) {
    return (
      <tr>
        <td colSpan={7} className={ui.editCell}>
          <SlaForm
            initial={policy}
            pending={save.isPending}
            error={save.error}
            onSubmit={(input) => save.mutate(input)}
            onCancel={() => setEditing(false)}
          />
        </td>
      </tr>
    );
  }
  return (
    <tr>
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
      <td className={ui.actionsCell}>
        {canEdit && (
          <div className={ui.rowActions}>
            <button
              type="button"
              className={ui.button}
              aria-label={`Edit SLA policy ${policy.name}`}
              onClick={() => {
                save.reset();
                setEditing(true);
              }}
            >
              Edit
            </button>
            <ConfirmDelete
              what={`SLA policy "${policy.name}"`}
              pending={remove.isPending}
              onConfirm={() => remove.mutate()}
            />
          </div>
        )}
        <FormError error={remove.error} />
      </td>
    </tr>
  );
}

function Conditions({ policy }: { policy: SlaPolicy }) {
  const queues = useQuery(queueSettingsQueries.all());
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
