'use client';
// One queue on the live board: how many wait and for how long (ticking), the
// head of the line, and the SLA clocks at risk (counting down) or breached
// (counting overdue), each with a Reassign control. A labelled section is a
// region landmark named after the queue.
import type { OperatorLoad, QueueStats } from '@relay/contracts';
import { countdown } from '../../lib/format-time.ts';
import styles from './queue-card.module.css';
import { ReassignSelect } from './reassign-select.tsx';

const KIND_LABEL = { first_response: 'First response', resolution: 'Resolution' } as const;

/** "45s", "12m 03s", "1h 05m": how long something has waited. */
function elapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (hours > 0) return `${hours}h ${String(minutes).padStart(2, '0')}m`;
  if (minutes > 0) return `${minutes}m ${String(seconds).padStart(2, '0')}s`;
  return `${seconds}s`;
}

type Row = {
  key: string;
  conversationId: string;
  clientName: string;
  assignedOperatorId: string | null;
  detail: string;
  time: string;
  level: 'waiting' | 'warning' | 'breached';
};

export function QueueCard({ queue, operators, now }: { queue: QueueStats; operators: OperatorLoad[]; now: number }) {
  const nameOf = (id: string | null) => (id ? (operators.find((op) => op.id === id)?.name ?? 'someone') : 'unassigned');
  const client = (name: string | null) => name ?? 'Unknown client';
  const breached: Row[] = queue.breached.map((c) => ({
    key: `b-${c.conversationId}-${c.kind}`,
    conversationId: c.conversationId,
    clientName: client(c.clientName),
    assignedOperatorId: c.assignedOperatorId,
    detail: `${KIND_LABEL[c.kind]} · ${nameOf(c.assignedOperatorId)}`,
    time: `${countdown(Math.max(0, now - Date.parse(c.dueAt)))} overdue`,
    level: 'breached',
  }));
  const atRisk: Row[] = queue.atRisk.map((c) => {
    const left = Date.parse(c.dueAt) - now;
    return {
      key: `r-${c.conversationId}-${c.kind}`,
      conversationId: c.conversationId,
      clientName: client(c.clientName),
      assignedOperatorId: c.assignedOperatorId,
      detail: `${KIND_LABEL[c.kind]} · ${nameOf(c.assignedOperatorId)}`,
      time: left > 0 ? `${countdown(left)} left` : `${countdown(-left)} overdue`,
      level: left > 0 ? 'warning' : 'breached',
    };
  });
  const waiting: Row[] = queue.waitingConversations.map((c) => ({
    key: `w-${c.conversationId}`,
    conversationId: c.conversationId,
    clientName: client(c.clientName),
    assignedOperatorId: null,
    detail: 'Waiting',
    time: elapsed(now - Date.parse(c.since)),
    level: 'waiting',
  }));

  return (
    <section className={styles.card} aria-label={queue.name}>
      <header className={styles.head}>
        <h2 className={styles.name}>{queue.name}</h2>
        <span className={styles.mode}>{queue.routingMode.replace('_', ' ')}</span>
      </header>
      <dl className={styles.figures}>
        <div>
          <dt>Waiting</dt>
          <dd data-testid="waiting-count">{queue.waiting}</dd>
        </div>
        <div>
          <dt>Oldest wait</dt>
          <dd data-testid="oldest-wait">
            {queue.oldestWaitingSince ? elapsed(now - Date.parse(queue.oldestWaitingSince)) : '—'}
          </dd>
        </div>
        <div>
          <dt>At risk</dt>
          <dd data-level={atRisk.length ? 'warning' : undefined}>{queue.atRisk.length}</dd>
        </div>
        <div>
          <dt>Breached</dt>
          <dd data-level={breached.length ? 'breached' : undefined}>{queue.breached.length}</dd>
        </div>
      </dl>
      <ConversationRows title="Breached SLAs" rows={breached} operators={operators} />
      <ConversationRows title="At risk" rows={atRisk} operators={operators} />
      <ConversationRows title="Waiting line" rows={waiting} operators={operators} />
    </section>
  );
}

function ConversationRows({ title, rows, operators }: { title: string; rows: Row[]; operators: OperatorLoad[] }) {
  if (rows.length === 0) return null;
  return (
    <div className={styles.group}>
      <h3 className={styles.groupTitle}>{title}</h3>
      <ul className={styles.list} aria-label={title}>
        {rows.map((row) => (
          <li key={row.key} className={styles.row}>
            <a className={styles.client} href={`/inbox?c=${row.conversationId}`}>
              {row.clientName}
            </a>
            <span className={styles.detail}>{row.detail}</span>
            <span className={styles.time} data-level={row.level}>
              {row.time}
            </span>
            <ReassignSelect
              conversationId={row.conversationId}
              clientName={row.clientName}
              assignedOperatorId={row.assignedOperatorId}
              operators={operators}
            />
          </li>
        ))}
      </ul>
    </div>
  );
}
