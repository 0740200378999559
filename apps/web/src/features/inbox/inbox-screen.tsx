'use client';
// The operator's inbox: nav | conversation list | thread, for a signed-in
// operator (others go to /login). The open conversation is `?c=<id>`; the
// realtime connection runs while this screen is mounted.
import { useRouter, useSearchParams } from 'next/navigation';
import { useEffect } from 'react';
import type { Session } from '../auth/session-store.ts';
import { useSession } from '../auth/use-session.ts';
import { ConversationList } from '../conversations/conversation-list.tsx';
import { useRealtime } from '../realtime/use-realtime.ts';
import { ThreadPane } from '../thread/thread-pane.tsx';
import styles from './inbox-screen.module.css';
import { NavBar } from './nav-bar.tsx';

export function InboxScreen() {
  const router = useRouter();
  const session = useSession();
  useEffect(() => {
    if (session === null) router.replace('/login');
  }, [router, session]);
  if (!session) return <p className={styles.loading}>Loading…</p>;
  return <SignedInInbox session={session} />;
}

function SignedInInbox({ session }: { session: Session }) {
  const selectedId = useSearchParams().get('c');
  useRealtime(session);
  return (
    <div className={styles.layout} data-has-selection={selectedId ? 'true' : 'false'}>
      <NavBar session={session} />
      <ConversationList selectedId={selectedId} />
      <ThreadPane conversationId={selectedId} myId={session.operator.id} />
    </div>
  );
}
