'use client';
import type { AuditLogEntry as AuditEntry } from '@relay/contracts';
// The audit log section (/admin/audit-log, admins and up): who changed what
// and when, newest first, with each write's details folded away. The API
// pages by cursor and has no filters, so the filters here narrow the entries
// loaded so far — and say so — while "Load more" reaches further back.
import { useInfiniteQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { auditLogQueries } from '../../data/audit-log.ts';
import { errorText } from '../../lib/api.ts';
import { AdminTable } from '../admin/ui/admin-crud.tsx';
import { AdminPage, QueryState, ui } from '../admin/ui/admin-ui.tsx';
import styles from './audit-log.module.css';

const ALL = '';
const COLUMNS = ['Time', 'Actor', 'Action', 'Target', 'Details'];
const TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' });

function actorOf(entry: AuditEntry): string {
  if (entry.operatorName) return entry.operatorName;
  return entry.operatorId ? 'Deleted operator' : 'System';
}

/** A readable name for the target from what the write recorded, else a short id. */
function targetLabel(entry: AuditEntry): string | null {
  const { name, shortcut, email } = entry.details as { name?: unknown; shortcut?: unknown; email?: unknown };
  if (typeof name === 'string') return name;
  if (typeof shortcut === 'string') return `/${shortcut}`;
  if (typeof email === 'string') return email;
  return entry.targetId ? `${entry.targetId.slice(0, 8)}…` : null;
}

export function AuditLogAdmin() {
  const log = useInfiniteQuery(auditLogQueries.list());
  const [action, setAction] = useState(ALL);
  const [actor, setActor] = useState(ALL);
  const entries = useMemo(() => log.data?.pages.flatMap((page) => page.items) ?? [], [log.data]);
  const actions = useMemo(() => [...new Set(entries.map((entry) => entry.action))].sort(), [entries]);
  const actors = useMemo(() => [...new Set(entries.map(actorOf))].sort(), [entries]);
  const shown = entries.filter(
    (entry) => (action === ALL || entry.action === action) && (actor === ALL || actorOf(entry) === actor),
  );
  const filtered = action !== ALL || actor !== ALL;

  return (
    <AdminPage
      title="Audit log"
      description="Every change made in this workspace, newest first."
      actions={
        <button type="button" className={ui.button} onClick={() => void log.refetch()} disabled={log.isFetching}>
          {log.isFetching && !log.isFetchingNextPage ? 'Refreshing…' : 'Refresh'}
        </button>
      }
    >
      {/* Once there are entries they stay on screen; a failed refresh or older page says so below them. */}
      {!log.data ? (
        <QueryState query={log} what="the audit log">
          {() => null}
        </QueryState>
      ) : (
        <>
          <div className={styles.filters}>
            <label className={styles.filter}>
              <span className={ui.label}>Action</span>
              <select className={ui.input} value={action} onChange={(event) => setAction(event.target.value)}>
                <option value={ALL}>All actions</option>
                {actions.map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </select>
            </label>
            <label className={styles.filter}>
              <span className={ui.label}>Actor</span>
              <select className={ui.input} value={actor} onChange={(event) => setActor(event.target.value)}>
                <option value={ALL}>Everyone</option>
                {actors.map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </select>
            </label>
            <span className={ui.muted} aria-live="polite">
              {filtered
                ? `${shown.length} of ${entries.length} loaded entries match`
                : `${entries.length} entries loaded`}
              {log.hasNextPage ? ' — older ones not loaded yet' : ''}
            </span>
          </div>
          {shown.length === 0 ? (
            <p className={ui.muted}>
              {entries.length === 0 ? 'Nothing has been recorded yet.' : 'No loaded entry matches.'}
            </p>
          ) : (
            <AdminTable label="Audit log" columns={COLUMNS} actions={false}>
              {shown.map((entry) => (
                <EntryRow key={entry.id} entry={entry} />
              ))}
            </AdminTable>
          )}
          <div className={styles.more}>
            {log.hasNextPage ? (
              <button
                type="button"
                className={ui.button}
                onClick={() => void log.fetchNextPage()}
                disabled={log.isFetchingNextPage}
              >
                {log.isFetchingNextPage ? 'Loading…' : 'Load more'}
              </button>
            ) : (
              entries.length > 0 && <span className={ui.muted}>That is the beginning of the log.</span>
            )}
            {(log.isFetchNextPageError || log.isRefetchError) && (
              <p className={ui.error} role="alert">
                Could not load {log.isFetchNextPageError ? 'older entries' : 'the newest entries'}:{' '}
                {errorText(log.error)}
              </p>
            )}
          </div>
        </>
      )}
    </AdminPage>
  );
}

function EntryRow({ entry }: { entry: AuditEntry }) {
  const keys = Object.keys(entry.details ?? {});
  const target = targetLabel(entry);
  return (
    <tr data-testid="audit-entry">
      <td className={styles.time}>
        <time dateTime={entry.createdAt} title={entry.createdAt}>
          {TIME.format(new Date(entry.createdAt))}
        </time>
      </td>
      <td>
        <span className={styles.actor}>{actorOf(entry)}</span>
        {entry.ip && <span className={styles.sub}>{entry.ip}</span>}
      </td>
      <td>
        <span className={styles.action}>{entry.action}</span>
      </td>
      <td>
        {entry.targetType ? (
          <>
            <span className={styles.sub}>{entry.targetType.replace(/_/g, ' ')}</span>
            {target && <span title={entry.targetId ?? undefined}>{target}</span>}
          </>
        ) : (
          <span className={ui.muted}>—</span>
        )}
      </td>
      <td className={styles.details}>
        {keys.length === 0 ? (
          <span className={ui.muted}>—</span>
        ) : (
          <details>
            <summary>{keys.join(', ')}</summary>
            <pre className={styles.json}>{JSON.stringify(entry.details, null, 2)}</pre>
          </details>
        )}
      </td>
    </tr>
  );
}
