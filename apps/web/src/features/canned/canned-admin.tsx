'use client';
// The canned responses section (/admin/canned-responses): the responses the
// signed-in operator can use — the workspace's shared ones and their own —
// searchable here without a round trip. Changes refetch the same cache entry
// the composer's "/" picker reads, so it offers them at once.
import { atLeast } from '@relay/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../lib/api.ts';
import { AdminPage, FormError, QueryState, ui } from '../admin/ui/admin-ui.tsx';
import { ConfirmDelete } from '../admin/ui/confirm-delete.tsx';
import { useEditableRow } from '../admin/ui/use-editable-row.ts';
import { useSession } from '../auth/use-session.ts';
import styles from './canned-admin.module.css';
import { CannedForm, type CannedInput } from './canned-form.tsx';
import { type CannedResponse, cannedQueries } from './canned-queries.ts';

function useCannedChanged() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: cannedQueries.all().queryKey });
}

/** Everything the search box may match, lower-cased. */
function matchesSearch(item: CannedResponse, search: string): boolean {
  const q = search.trim().toLowerCase();
  if (!q) return true;
  return [item.shortcut, item.title, item.content, item.category ?? ''].some((text) =>
    text.toLowerCase().includes(q.replace(/^\//, '')),
  );
}

export function CannedAdmin() {
  const session = useSession();
  const canShare = session ? atLeast(session.operator.role, 'supervisor') : false;
  const canned = useQuery(cannedQueries.all());
  const [creating, setCreating] = useState(false);
  const [search, setSearch] = useState('');
  const changed = useCannedChanged();
  const create = useMutation({
    mutationFn: (body: CannedInput) => api<CannedResponse>('/canned-responses', { method: 'POST', body }),
    onSuccess: async () => {
      await changed();
      setCreating(false);
    },
  });

  return (
    <AdminPage
      title="Canned responses"
      description="Ready answers operators insert by typing / and the shortcut in the reply box. Shared ones are for the whole workspace; personal ones only for you."
      actions={
        !creating && (
          <button
            type="button"
            className={ui.primary}
            onClick={() => {
              create.reset();
              setCreating(true);
            }}
          >
            New response
          </button>
        )
      }
    >
      {creating && (
        <CannedForm
          canShare={canShare}
          pending={create.isPending}
          error={create.error}
          onSubmit={(input) => create.mutate(input)}
          onCancel={() => setCreating(false)}
        />
      )}
      <QueryState query={canned} what="canned responses">
        {(data) => {
          const shown = data.items.filter((item) => matchesSearch(item, search));
          return (
            <>
              <div className={styles.toolbar}>
                <input
                  type="search"
                  className={ui.input}
                  aria-label="Search canned responses"
                  placeholder="Search shortcut, title or text…"
                  value={search}
                  onChange={(event) => setSearch(event.target.value)}
                />
                <span className={ui.muted}>
                  {shown.length === data.items.length
                    ? `${data.items.length}`
                    : `${shown.length} of ${data.items.length}`}{' '}
                  responses
                </span>
              </div>
              {shown.length === 0 ? (
                <p className={ui.muted}>{data.items.length === 0 ? 'No canned responses yet.' : 'Nothing matches.'}</p>
              ) : (
                <div className={ui.scroll}>
                  <table className={ui.table} aria-label="Canned responses">
                    <thead>
                      <tr>
                        <th scope="col">Shortcut</th>
                        <th scope="col">Title</th>
                        <th scope="col">Content</th>
                        <th scope="col">Scope</th>
                        <th scope="col" className={ui.num}>
                          Used
                        </th>
                        <th scope="col">
                          <span className="visually-hidden">Actions</span>
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {shown.map((item) => (
                        <CannedRow key={item.id} item={item} canEdit={!item.shared || canShare} canShare={canShare} />
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </>
          );
        }}
      </QueryState>
    </AdminPage>
  );
}

function CannedRow({ item, canEdit, canShare }: { item: CannedResponse; canEdit: boolean; canShare: boolean }) {
  const { editing, setEditing, save, remove } = useEditableRow<CannedInput, CannedResponse>(
    `/canned-responses/${item.id}`,
    useCannedChanged(),
  );

  if (editing) {
    return (
      <tr>
        <td colSpan={6} className={ui.editCell}>
          <CannedForm
            initial={item}
            canShare={canShare}
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
      <td className={styles.shortcut}>/{item.shortcut}</td>
      <td>
        <span className={styles.title}>{item.title}</span>
        {item.category && <span className={styles.category}>{item.category}</span>}
      </td>
      <td>
        <span className={styles.preview} title={item.content}>
          {item.content}
        </span>
      </td>
      <td>
        <span className={item.shared ? ui.ok : ui.badge}>{item.shared ? 'Shared' : 'Personal'}</span>
      </td>
      <td className={ui.num}>{item.usageCount}</td>
      <td className={ui.actionsCell}>
        {canEdit && (
          <div className={ui.rowActions}>
            <button
              type="button"
              className={ui.button}
              aria-label={`Edit /${item.shortcut}`}
              onClick={() => {
                save.reset();
                setEditing(true);
              }}
            >
              Edit
            </button>
            <ConfirmDelete what={`/${item.shortcut}`} pending={remove.isPending} onConfirm={() => remove.mutate()} />
          </div>
        )}
        <FormError error={remove.error} />
      </td>
    </tr>
  );
}
