'use client';
// The auto replies section (/admin/auto-replies): the greeting, keyword and
// away rules the webhook answers customers with. Supervisors may look; admins
// and up create, edit, switch on and off, and delete (the API's rule).
import { atLeast } from '@relay/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../lib/api.ts';
import { AdminPage, FormError, QueryState, ui } from '../admin/ui/admin-ui.tsx';
import { ConfirmDelete } from '../admin/ui/confirm-delete.tsx';
import { useEditableRow } from '../admin/ui/use-editable-row.ts';
import { useSession } from '../auth/use-session.ts';
import { channelLabel } from '../conversations/conversation-row.tsx';
import styles from './auto-replies-admin.module.css';
import { AutoReplyForm } from './auto-reply-form.tsx';
import { type AutoReply, type AutoReplyInput, autoReplyQueries, TRIGGERS } from './auto-reply-queries.ts';

function useRulesChanged() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: autoReplyQueries.all().queryKey });
}

export function AutoRepliesAdmin() {
  const session = useSession();
  const canEdit = session ? atLeast(session.operator.role, 'admin') : false;
  const rules = useQuery(autoReplyQueries.all());
  const [creating, setCreating] = useState(false);
  const changed = useRulesChanged();
  const create = useMutation({
    mutationFn: (body: AutoReplyInput) => api<AutoReply>('/auto-replies', { method: 'POST', body }),
    onSuccess: async () => {
      await changed();
      setCreating(false);
    },
  });

  return (
    <AdminPage
      title="Auto replies"
      description={
        <>
          Messages sent to customers automatically: at most one per inbound message — a matching keyword rule first,
          then the away rule when nobody can answer, then the greeting on a new conversation.{' '}
          {!canEdit && 'Only admins can change them.'}
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
            New rule
          </button>
        )
      }
    >
      {creating && (
        <AutoReplyForm
          pending={create.isPending}
          error={create.error}
          onSubmit={(input) => create.mutate(input)}
          onCancel={() => setCreating(false)}
        />
      )}
      <QueryState query={rules} what="auto replies">
        {(items) =>
          items.length === 0 ? (
            <p className={ui.muted}>No auto replies: customers hear only from operators.</p>
          ) : (
            <div className={ui.scroll}>
              <table className={ui.table} aria-label="Auto replies">
                <thead>
                  <tr>
                    <th scope="col">Active</th>
                    <th scope="col">Rule</th>
                    <th scope="col">When</th>
                    <th scope="col">Reply</th>
                    <th scope="col">Channels</th>
                    <th scope="col" className={ui.num}>
                      Priority
                    </th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((rule) => (
                    <RuleRow key={rule.id} rule={rule} canEdit={canEdit} />
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

function RuleRow({ rule, canEdit }: { rule: AutoReply; canEdit: boolean }) {
  const { editing, setEditing, save, remove } = useEditableRow<Partial<AutoReplyInput>, AutoReply>(
    `/auto-replies/${rule.id}`,
    useRulesChanged(),
  );

  if (editing) {
    return (
      <tr>
        <td colSpan={7} className={ui.editCell}>
          <AutoReplyForm
            initial={rule}
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
    <tr className={rule.isActive ? undefined : styles.inactive}>
      <td>
        {canEdit ? (
          <label className={styles.check}>
            <input
              type="checkbox"
              role="switch"
              aria-checked={rule.isActive}
              checked={rule.isActive}
              disabled={save.isPending}
              aria-label={`Active: ${rule.name}`}
              onChange={(event) => save.mutate({ isActive: event.target.checked })}
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
        <span className={styles.preview} title={rule.content}>
          {rule.content}
        </span>
      </td>
      <td className={styles.small}>
        {rule.channels.length === 0 ? 'All' : rule.channels.map(channelLabel).join(', ')}
      </td>
      <td className={ui.num}>{rule.priority}</td>
      <td className={ui.actionsCell}>
        {canEdit && (
          <div className={ui.rowActions}>
            <button
              type="button"
              className={ui.button}
              aria-label={`Edit auto reply ${rule.name}`}
              onClick={() => {
                save.reset();
                setEditing(true);
              }}
            >
              Edit
            </button>
            <ConfirmDelete
              what={`auto reply "${rule.name}"`}
              pending={remove.isPending}
              onConfirm={() => remove.mutate()}
            />
          </div>
        )}
        <FormError error={save.error ?? remove.error} />
      </td>
    </tr>
  );
}
