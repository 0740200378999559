'use client';
// The narrow left rail: the app's name, who is signed in with their
// availability, the realtime connection state, and signing out. Later
// sections (supervisor queue, admin) slot in as links here.
import { useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { logOut } from '../auth/auth-actions.ts';
import type { Session } from '../auth/session-store.ts';
import { AvailabilityToggle } from '../me/availability-toggle.tsx';
import { ConnectionState } from '../realtime/connection-state.tsx';
import styles from './nav-bar.module.css';

const SUPERVISOR_ROLES = new Set(['supervisor', 'admin', 'owner']);

export function NavBar({ session, current = 'inbox' }: { session: Session; current?: 'inbox' | 'queue' }) {
  const queryClient = useQueryClient();
  const [leaving, setLeaving] = useState(false);

  async function signOut() {
    setLeaving(true);
    await logOut();
    queryClient.clear();
    window.location.replace('/login');
  }

  return (
    <nav className={styles.nav} aria-label="Main">
      <p className={styles.brand}>Relay</p>
      <Link className={styles.section} href="/inbox" aria-current={current === 'inbox' ? 'page' : undefined}>
        Inbox
      </Link>
      {SUPERVISOR_ROLES.has(session.operator.role) && (
        <Link className={styles.section} href="/queue" aria-current={current === 'queue' ? 'page' : undefined}>
          Live queue
        </Link>
      )}
      <div className={styles.bottom}>
        <ConnectionState />
        <div className={styles.me}>
          <p className={styles.name} data-testid="operator-name">
            {session.operator.name}
          </p>
          <p className={styles.role}>{session.operator.role}</p>
        </div>
        <AvailabilityToggle />
        <button type="button" className={styles.signOut} onClick={() => void signOut()} disabled={leaving}>
          Sign out
        </button>
      </div>
    </nav>
  );
}
