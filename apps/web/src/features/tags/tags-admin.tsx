'use client';
// The tags section (/admin/tags): the workspace's tag vocabulary, each with a
// colour. Supervisors and up add, rename, recolour and delete (the API's
// rule). Every change refetches ['tags'] and the conversations, so the inbox's
// filters, rows and headers show the new name or colour at once.
import { atLeast } from '@relay/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../../lib/api.ts';
import { AdminPage, Field, FormError, fieldError, QueryState, ui } from '../admin/ui/admin-ui.tsx';
import { ConfirmDelete } from '../admin/ui/confirm-delete.tsx';
import { useSession } from '../auth/use-session.ts';
import { conversationQueries } from '../conversations/conversation-queries.ts';
import { type Tag, tagQueries } from './tag-queries.ts';
import styles from './tags-admin.module.css';

const DEFAULT_COLOR = '#64748b';

type TagInput = { name: string; color: string };

function useTagsChanged() {
  const queryClient = useQueryClient();
  return ({ onConversations }: { onConversations: boolean }) => {
    void queryClient.invalidateQueries({ queryKey: tagQueries.all().queryKey });
    // Conversations carry their tags' names and colours, in the list rows and the header alike.
    if (onConversations) void queryClient.invalidateQueries({ queryKey: conversationQueries.all() });
  };
}

export function TagsAdmin() {
  const session = useSession();
  const canEdit = session ? atLeast(session.operator.role, 'supervisor') : false;
  const tags = useQuery(tagQueries.all());
  return (
    <AdminPage
      title="Tags"
      description="Labels operators put on conversations to filter and report on them. Deleting a tag takes it off every conversation."
    >
      {canEdit && <NewTag />}
      <QueryState query={tags} what="tags">
        {(data) =>
          data.items.length === 0 ? (
            <p className={ui.muted}>No tags yet.</p>
          ) : (
            <div className={ui.scroll}>
              <table className={ui.table} aria-label="Tags">
                <thead>
                  <tr>
                    <th scope="col">Tag</th>
                    <th scope="col">Colour</th>
                    <th scope="col">Changed</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((tag) => (
                    <TagRow key={tag.id} tag={tag} canEdit={canEdit} />
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

function NewTag() {
  const [name, setName] = useState('');
  const [color, setColor] = useState(DEFAULT_COLOR);
  const changed = useTagsChanged();
  const create = useMutation({
    mutationFn: (body: TagInput) => api<Tag>('/tags', { method: 'POST', body }),
    onSuccess: () => {
      setName('');
      changed({ onConversations: false });
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({ name: name.trim(), color });
  }
  return (
    <form className={`${ui.card} ${styles.inline}`} onSubmit={submit} aria-label="New tag">
      <Field label="New tag" error={fieldError(create.error, 'name')}>
        <input value={name} onChange={(event) => setName(event.target.value)} maxLength={100} required />
      </Field>
      <Field label="Colour" error={fieldError(create.error, 'color')}>
        <input
          type="color"
          className={styles.colorInput}
          value={color}
          onChange={(event) => setColor(event.target.value)}
        />
      </Field>
      <button type="submit" className={ui.primary} disabled={create.isPending || !name.trim()}>
        {create.isPending ? 'Adding…' : 'Add tag'}
      </button>
      {create.isError && !fieldError(create.error, 'name') && !fieldError(create.error, 'color') && (
        <div className={styles.wide}>
          <FormError error={create.error} />
        </div>
      )}
    </form>
  );
}

function TagRow({ tag, canEdit }: { tag: Tag; canEdit: boolean }) {
  const [editing, setEditing] = useState(false);
  const changed = useTagsChanged();
  const remove = useMutation({
    mutationFn: () => api<void>(`/tags/${tag.id}`, { method: 'DELETE' }),
    onSuccess: () => changed({ onConversations: true }),
  });
  if (editing) return <EditTagRow tag={tag} onDone={() => setEditing(false)} />;
  return (
    <tr>
      <td>
        <TagChip tag={tag} />
      </td>
      <td className={ui.mono}>{tag.color}</td>
      <td className={styles.when}>{new Date(tag.updatedAt).toLocaleString()}</td>
      <td className={ui.actionsCell}>
        {canEdit && (
          <div className={ui.rowActions}>
            <button
              type="button"
              className={ui.button}
              aria-label={`Edit tag "${tag.name}"`}
              onClick={() => setEditing(true)}
            >
              Edit
            </button>
            <ConfirmDelete what={`tag "${tag.name}"`} pending={remove.isPending} onConfirm={() => remove.mutate()} />
          </div>
        )}
        <FormError error={remove.error} />
      </td>
    </tr>
  );
}

function EditTagRow({ tag, onDone }: { tag: Tag; onDone: () => void }) {
  const [name, setName] = useState(tag.name);
  const [color, setColor] = useState(tag.color);
  const changed = useTagsChanged();
  const save = useMutation({
    mutationFn: (body: Partial<TagInput>) => api<Tag>(`/tags/${tag.id}`, { method: 'PATCH', body }),
    onSuccess: () => {
      changed({ onConversations: true });
      onDone();
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    const body: Partial<TagInput> = {};
    if (name.trim() !== tag.name) body.name = name.trim();
    if (color !== tag.color) body.color = color;
    if (Object.keys(body).length === 0) return onDone();
    save.mutate(body);
  }
  const formId = `tag-edit-${tag.id}`;
  return (
    <tr>
      <td>
        <form id={formId} onSubmit={submit} aria-label={`Edit tag "${tag.name}"`} />
        <Field label="Name" error={fieldError(save.error, 'name')}>
          <input
            form={formId}
            value={name}
            onChange={(event) => setName(event.target.value)}
            maxLength={100}
            required
            // biome-ignore lint/a11y/noAutofocus: the row just turned into this form at the user's request
            autoFocus
          />
        </Field>
      </td>
      <td>
        <Field label="Colour" error={fieldError(save.error, 'color')}>
          <input
            form={formId}
            type="color"
            className={styles.colorInput}
            value={color}
            onChange={(event) => setColor(event.target.value)}
          />
        </Field>
      </td>
      <td>
        <TagChip tag={{ ...tag, name: name || tag.name, color }} />
      </td>
      <td>
        <div className={ui.rowActions}>
          <button form={formId} type="submit" className={ui.primary} disabled={save.isPending || !name.trim()}>
            {save.isPending ? 'Saving…' : 'Save'}
          </button>
          <button type="button" className={ui.button} onClick={onDone}>
            Cancel
          </button>
        </div>
        {!fieldError(save.error, 'name') && !fieldError(save.error, 'color') && <FormError error={save.error} />}
      </td>
    </tr>
  );
}

/** A tag as the inbox shows it: its colour as a dot, then its name. */
export function TagChip({ tag }: { tag: Pick<Tag, 'name' | 'color'> }) {
  return (
    <span className={styles.chip}>
      <span className={styles.swatch} style={{ background: tag.color }} aria-hidden="true" />
      {tag.name}
    </span>
  );
}
