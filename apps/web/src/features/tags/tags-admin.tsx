'use client';
import type { CreateTagBody, Tag } from '@relay/contracts';
// The tags section (/admin/tags): the workspace's tag vocabulary, each with a
// colour. Supervisors and up add, rename, recolour and delete (the API's
// rule). Every change refetches ['tags'] and the conversations, so the inbox's
// filters, rows and headers show the new name or colour at once.
import { atLeast } from '@relay/contracts';
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { conversationQueries } from '../../data/conversations.ts';
import { tagQueries, tagRequests } from '../../data/tags.ts';
import { AdminList, RowActions, useEditableRow, useRefetch } from '../admin/ui/admin-crud.tsx';
import { AdminPage, Field, FormError, fieldError, ui } from '../admin/ui/admin-ui.tsx';
import { useSession } from '../auth/use-session.ts';
import styles from './tags-admin.module.css';

const DEFAULT_COLOR = '#64748b';

type TagInput = CreateTagBody;

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
      <AdminList
        query={tags}
        table={{ label: 'Tags', what: 'tags', columns: ['Tag', 'Colour', 'Changed'] }}
        empty="No tags yet."
        row={(tag) => <TagRow key={tag.id} tag={tag} canEdit={canEdit} />}
      />
    </AdminPage>
  );
}

function NewTag() {
  const [name, setName] = useState('');
  const [color, setColor] = useState(DEFAULT_COLOR);
  const changed = useRefetch(tagQueries.all().queryKey);
  const create = useMutation({
    mutationFn: tagRequests.create,
    onSuccess: () => {
      setName('');
      void changed();
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
  // Conversations carry their tags' names and colours, in the list rows and the header alike.
  const row = useEditableRow(tagRequests, tag.id, useRefetch(tagQueries.all().queryKey, conversationQueries.all()));
  if (row.editing) return <EditTagRow tag={tag} row={row} />;
  return (
    <tr>
      <td>
        <TagChip tag={tag} />
      </td>
      <td className={ui.mono}>{tag.color}</td>
      <td className={styles.when}>{new Date(tag.updatedAt).toLocaleString()}</td>
      <RowActions row={row} canEdit={canEdit} editLabel={`Edit tag "${tag.name}"`} what={`tag "${tag.name}"`} />
    </tr>
  );
}

function EditTagRow({ tag, row }: { tag: Tag; row: ReturnType<typeof useEditableRow<Partial<TagInput>>> }) {
  const [name, setName] = useState(tag.name);
  const [color, setColor] = useState(tag.color);
  const { save } = row;
  function submit(event: FormEvent) {
    event.preventDefault();
    const body: Partial<TagInput> = {};
    if (name.trim() !== tag.name) body.name = name.trim();
    if (color !== tag.color) body.color = color;
    if (Object.keys(body).length === 0) return row.close();
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
          <button type="button" className={ui.button} onClick={row.close}>
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
