'use client';
// The realtime connection's state, always visible in the nav.
import type { RealtimeStatus } from '../../lib/socket.ts';
import styles from './connection-state.module.css';
import { useRealtimeStatus } from './use-realtime.ts';

const LABELS: Record<RealtimeStatus, string> = {
  connected: 'Connected',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  catching_up: 'Catching up…',
  offline: 'Offline',
};

export function ConnectionState() {
  const status = useRealtimeStatus();
  return (
    <p className={styles.state} data-status={status} role="status">
      <span className={styles.dot} aria-hidden="true" />
      <span data-testid="connection-state">{LABELS[status]}</span>
    </p>
  );
}
