'use client';
import type { CannedResponse } from '@relay/contracts';
// The canned responses section (/admin/canned-responses): the responses the
// signed-in operator can use — the workspace's shared ones and their own —
// searchable here without a round trip. Changes refetch the same cache entry
// the composer's "/" picker reads, so it offers them at once.
import { atLeast } from '@relay/contracts';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { cannedQueries, cannedRequests } from '../../data/canned-responses.ts';
import * as crud from '../admin/ui/admin-crud.tsx';
import { QueryState, ui } from '../admin/ui/admin-ui.tsx';
import { useSession } from '../auth/use-session.ts';
import styles from './canned-admin.module.css';
import { CannedForm } from './canned-form.tsx';

const COLUMNS: crud.Column[] = ['Shortcut', 'Title', 'Content', 'Scope', { label: 'Used', numeric: true }];

const useCannedChanged = () => crud.useRefetch(cannedQueries.all().queryKey);

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
  const [search, setSearch] = useState('');
  const create = crud.useCreatePanel(cannedRequests.create, useCannedChanged());

  return (
    <crud.CrudPage
      title="Canned responses"
      description="Ready answers operators insert by typing / and the shortcut in the reply box. Shared ones are for the whole workspace; personal ones only for you."
      newLabel="New response"
      canCreate
      panel={create}
      form={<CannedForm canShare={canShare} form={create.form} />}
    >
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
                <crud.AdminTable label="Canned responses" columns={COLUMNS}>
                  {shown.map((item) => (
                    <CannedRow key={item.id} item={item} canEdit={!item.shared || canShare} canShare={canShare} />
                  ))}
                </crud.AdminTable>
              )}
            </>
          );
        }}
      </QueryState>
    </crud.CrudPage>
  );
}

function CannedRow({ item, canEdit, canShare }: { item: CannedResponse; canEdit: boolean; canShare: boolean }) {
  const row = crud.useEditableRow(cannedRequests, item.id, useCannedChanged());
  return (
    <crud.CrudRow
      row={row}
      columns={COLUMNS.length + 1}
      edit={(form) => <CannedForm initial={item} canShare={canShare} form={form} />}
    >
      <td className={styles.shortcut}>/{item.shortcut}</td>
      <td>
        <span className={styles.title}>{item.title}</span>
        {item.category && <span className={styles.category}>{item.category}</span>}
      </td>
      <td>
        <span className={`${ui.preview} ${styles.preview}`} title={item.content}>
          {item.content}
        </span>
      </td>
      <td>
        <span className={item.shared ? ui.ok : ui.badge}>{item.shared ? 'Shared' : 'Personal'}</span>
      </td>
      <td className={ui.num}>{item.usageCount}</td>
      <crud.RowActions row={row} canEdit={canEdit} editLabel={`Edit /${item.shortcut}`} what={`/${item.shortcut}`} />
    </crud.CrudRow>
  );
}
