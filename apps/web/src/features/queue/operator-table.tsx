'use client';
// The operators of the live board: a presence dot (connected and online,
// away, or offline), their role, and open load against capacity. Live
// `presence` broadcasts win over the stats' snapshot until the next refetch.
import type { OperatorLoad } from '@relay/contracts';
import styles from './operator-table.module.css';
import type { LivePresence } from './use-live-queue.ts';

type Dot = 'online' | 'away' | 'offline' | 'unknown';

const DOT_LABEL: Record<Dot, string> = {
  online: 'Online',
  away: 'Away',
  offline: 'Offline',
  unknown: 'Not known',
};

function dotOf(op: OperatorLoad, live: LivePresence[string] | undefined): Dot {
  if (live) return live.devices > 0 ? live.status : 'offline';
  if (op.connected === false) return 'offline';
  // connected is null when the API cannot see sockets: show the chosen availability.
  return op.availability;
}

export function OperatorTable({ operators, presence }: { operators: OperatorLoad[]; presence: LivePresence }) {
  return (
    <section className={styles.panel} aria-labelledby="operators-title">
      <h2 id="operators-title" className={styles.title}>
        Operators
      </h2>
      <table className={styles.table}>
        <thead>
          <tr>
            <th scope="col">Operator</th>
            <th scope="col">Presence</th>
            <th scope="col">Role</th>
            <th scope="col">Load</th>
          </tr>
        </thead>
        <tbody>
          {operators.map((op) => {
            const dot = dotOf(op, presence[op.id]);
            const full = op.capacity > 0 && op.load >= op.capacity;
            return (
              <tr key={op.id} data-testid="operator-row">
                <th scope="row" className={styles.name}>
                  {op.name}
                </th>
                <td>
                  <span className={styles.presence} data-presence={dot}>
                    <span className={styles.dot} aria-hidden="true" />
                    {DOT_LABEL[dot]}
                  </span>
                </td>
                <td className={styles.role}>{op.role}</td>
                <td>
                  <span className={styles.load} data-full={full ? 'true' : undefined}>
                    {op.load} / {op.capacity}
                  </span>
                  <meter
                    className={styles.meter}
                    min={0}
                    max={Math.max(op.capacity, 1)}
                    value={op.load}
                    aria-label={`${op.name}'s load`}
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
