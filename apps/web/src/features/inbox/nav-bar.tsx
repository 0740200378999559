'use client';
// The narrow left rail: the app's name, who is signed in with their
// availability, the realtime connection state, and signing out. Later
// sections (supervisor queue, admin) slot in as links here.
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { logOut } from '../auth/auth-actions.ts';
import type { Session } from '../auth/session-store.ts';
import { AvailabilityToggle } from '../me/availability-toggle.tsx';
import { ConnectionState } from '../realtime/connection-state.tsx';
import styles from './nav-bar.module.css';

export function NavBar({ session }: { session: Session }) {
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
      <p className={styles.section} aria-current="page">
        Inbox
      </p>
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
