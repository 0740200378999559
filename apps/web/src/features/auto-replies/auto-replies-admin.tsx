'use client';
import type { AutoReply } from '@relay/contracts';
// The auto replies section (/admin/auto-replies): the greeting, keyword and
// away rules the webhook answers customers with. Supervisors may look; admins
// and up create, edit, switch on and off, and delete (the API's rule).
import { atLeast } from '@relay/contracts';
import { useQuery } from '@tanstack/react-query';
import { autoReplyQueries, autoReplyRequests, TRIGGERS } from '../../data/auto-replies.ts';
import * as crud from '../admin/ui/admin-crud.tsx';
import { ui } from '../admin/ui/admin-ui.tsx';
import { useSession } from '../auth/use-session.ts';
import { channelLabel } from '../conversations/conversation-row.tsx';
import styles from './auto-replies-admin.module.css';
import { AutoReplyForm } from './auto-reply-form.tsx';

const TABLE: crud.ListTable = {
  label: 'Auto replies',
  what: 'auto replies',
  columns: ['Active', 'Rule', 'When', 'Reply', 'Channels', { label: 'Priority', numeric: true }],
};

const useRulesChanged = () => crud.useRefetch(autoReplyQueries.all().queryKey);

export function AutoRepliesAdmin() {
  const session = useSession();
  const canEdit = session ? atLeast(session.operator.role, 'admin') : false;
  const rules = useQuery(autoReplyQueries.all());
  const create = crud.useCreatePanel(autoReplyRequests.create, useRulesChanged());

  return (
    <crud.CrudPage
      title="Auto replies"
      description={
        <>
          Messages sent to customers automatically: at most one per inbound message — a matching keyword rule first,
          then the away rule when nobody can answer, then the greeting on a new conversation.{' '}
          {!canEdit && 'Only admins can change them.'}
        </>
      }
      newLabel="New rule"
      canCreate={canEdit}
      panel={create}
      form={<AutoReplyForm form={create.form} />}
    >
      <crud.AdminList
        query={rules}
        table={TABLE}
        empty="No auto replies: customers hear only from operators."
        row={(rule) => <RuleRow key={rule.id} rule={rule} canEdit={canEdit} />}
      />
    </crud.CrudPage>
  );
}

function RuleRow({ rule, canEdit }: { rule: AutoReply; canEdit: boolean }) {
  const row = crud.useEditableRow(autoReplyRequests, rule.id, useRulesChanged());
  return (
    <crud.CrudRow
      row={row}
      columns={TABLE.columns.length + 1}
      edit={(form) => <AutoReplyForm initial={rule} form={form} />}
      className={rule.isActive ? undefined : styles.inactive}
    >
      <td>
        {canEdit ? (
          <label className={ui.check}>
            <input
              type="checkbox"
              role="switch"
              aria-checked={rule.isActive}
              checked={rule.isActive}
              disabled={row.save.isPending}
              aria-label={`Active: ${rule.name}`}
              onChange={(event) => row.save.mutate({ isActive: event.target.checked })}
            />
            <span aria-hidden="true">{rule.isActive ? 'On' : 'Off'}</span>
          </label>
        ) : (
          <span className={rule.isActive ? ui.ok : ui.badge}>{rule.isActive ? 'On' : 'Off'}</span>
        )}
      </td>
      <td className={styles.name}>{rule.name}</td>
      <td>
        <span className={ui.badge} title={TRIGGERS[rule.trigger].when}>
          {TRIGGERS[rule.trigger].label}
        </span>
        {rule.trigger === 'keyword' && <span className={styles.keywords}>{rule.keywords.join(', ')}</span>}
      </td>
      <td>
        <span className={ui.preview} title={rule.content}>
          {rule.content}
        </span>
      </td>
      <td className={styles.small}>
        {rule.channels.length === 0 ? 'All' : rule.channels.map(channelLabel).join(', ')}
      </td>
      <td className={ui.num}>{rule.priority}</td>
      <crud.RowActions
        row={row}
        canEdit={canEdit}
        editLabel={`Edit auto reply ${rule.name}`}
        what={`auto reply "${rule.name}"`}
        error={row.save.error ?? row.remove.error}
      />
    </crud.CrudRow>
  );
}
