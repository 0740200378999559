'use client';
import { atLeast } from '@relay/contracts';
import Link from 'next/link';
// The admin area's frame (/admin/*): the main nav, the list of sections the
// signed-in role may see, and the section itself. A section the role may not
// see says so in words instead of rendering a screen the API would refuse.
import { useRouter, useSelectedLayoutSegment } from 'next/navigation';
import { type ReactNode, useEffect } from 'react';
import type { Session } from '../auth/session-store.ts';
import { useSession } from '../auth/use-session.ts';
import { NavBar } from '../inbox/nav-bar.tsx';
import { useRealtime } from '../realtime/use-realtime.ts';
import { ADMIN_SECTIONS } from './admin-sections.ts';
import styles from './admin-shell.module.css';

export function AdminShell({ children }: { children: ReactNode }) {
  const router = useRouter();
  const session = useSession();
  useEffect(() => {
    if (session === null) router.replace('/login');
  }, [router, session]);
  if (!session) return <p className={styles.message}>Loading…</p>;
  return <SignedInAdmin session={session}>{children}</SignedInAdmin>;
}

function SignedInAdmin({ session, children }: { session: Session; children: ReactNode }) {
  useRealtime(session);
  const segment = useSelectedLayoutSegment();
  const role = session.operator.role;
  const visible = ADMIN_SECTIONS.filter((section) => atLeast(role, section.least));
  const current = ADMIN_SECTIONS.find((section) => section.slug === segment);
  const allowed = !current || atLeast(role, current.least);
  return (
    <div className={styles.layout}>
      <NavBar session={session} current="admin" />
      <nav className={styles.sections} aria-label="Settings">
        <p className={styles.heading}>Settings</p>
        {visible.map((section) => (
          <Link
            key={section.slug}
            className={styles.section}
            href={`/admin/${section.slug}`}
            aria-current={section.slug === segment ? 'page' : undefined}
          >
            {section.label}
          </Link>
        ))}
      </nav>
      <main className={styles.main}>
        {allowed ? (
          children
        ) : (
          <p className={styles.message} role="alert">
            {current?.label} is for {current?.least}s and above. Ask an admin of your workspace.
          </p>
        )}
      </main>
    </div>
  );
}
