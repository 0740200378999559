'use client';
// The narrow left rail: the app's name, the sections the role may open
// (inbox, live queue, settings), who is signed in with their availability
// and new-message alerts, the realtime connection state, and signing out.
import { atLeast } from '@relay/contracts';
import { useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { logOut } from '../auth/auth-actions.ts';
import type { Session } from '../auth/session-store.ts';
import { AvailabilityToggle } from '../me/availability-toggle.tsx';
import { AlertSettings } from '../notifications/alert-settings.tsx';
import { ConnectionState } from '../realtime/connection-state.tsx';
import styles from './nav-bar.module.css';

export function NavBar({ session, current = 'inbox' }: { session: Session; current?: 'inbox' | 'queue' | 'admin' }) {
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
      {atLeast(session.operator.role, 'supervisor') && (
        <Link className={styles.section} href="/queue" aria-current={current === 'queue' ? 'page' : undefined}>
          Live queue
        </Link>
      )}
      <Link className={styles.section} href="/admin" aria-current={current === 'admin' ? 'page' : undefined}>
        Settings
      </Link>
      <div className={styles.bottom}>
        <ConnectionState />
        <div className={styles.me}>
          <p className={styles.name} data-testid="operator-name">
            {session.operator.name}
          </p>
          <p className={styles.role}>{session.operator.role}</p>
        </div>
        <AvailabilityToggle />
        <AlertSettings />
        <button type="button" className={styles.signOut} onClick={() => void signOut()} disabled={leaving}>
          Sign out
        </button>
      </div>
    </nav>
  );
}
