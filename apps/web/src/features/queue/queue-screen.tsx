'use client';
// The supervisor's live queue (/queue): nav | a card per queue and the
// operators table. Supervisors, admins and owners only; anyone else is told
// so in words. Live by events (use-live-queue.ts), never by reload or polling.
import { atLeast } from '@relay/contracts';
import { useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { queueStatsQueries } from '../../data/queue-stats.ts';
import { errorText } from '../../lib/api.ts';
import { useNow } from '../../lib/use-now.ts';
import type { Session } from '../auth/session-store.ts';
import { useSession } from '../auth/use-session.ts';
import { NavBar } from '../inbox/nav-bar.tsx';
import { useRealtime } from '../realtime/use-realtime.ts';
import { OperatorTable } from './operator-table.tsx';
import { QueueCard } from './queue-card.tsx';
import styles from './queue-screen.module.css';
import { useLiveQueue } from './use-live-queue.ts';

export function QueueScreen() {
  const router = useRouter();
  const session = useSession();
  useEffect(() => {
    if (session === null) router.replace('/login');
  }, [router, session]);
  if (!session) return <p className={styles.message}>Loading…</p>;
  return <SignedInQueue session={session} />;
}

function SignedInQueue({ session }: { session: Session }) {
  useRealtime(session);
  const allowed = atLeast(session.operator.role, 'supervisor');
  return (
    <div className={styles.layout}>
      <NavBar session={session} current="queue" />
      <main className={styles.main}>
        <h1 className={styles.title}>Live queue</h1>
        {allowed ? (
          <QueueBoard />
        ) : (
          <p className={styles.message} role="alert">
            The live queue is for supervisors, admins and owners. Your conversations are in the{' '}
            <a href="/inbox">inbox</a>.
          </p>
        )}
      </main>
    </div>
  );
}

function QueueBoard() {
  const stats = useQuery(queueStatsQueries.stats());
  const presence = useLiveQueue();
  const now = useNow(1000);
  if (stats.isPending) return <p className={styles.message}>Loading the queues…</p>;
  if (stats.isError) {
    return (
      <p className={styles.message} role="alert">
        {errorText(stats.error)}{' '}
        <button type="button" onClick={() => void stats.refetch()}>
          Try again
        </button>
      </p>
    );
  }
  const { queues, operators } = stats.data;
  return (
    <div className={styles.board}>
      <div className={styles.queues}>
        {queues.length === 0 && <p className={styles.message}>No queues yet.</p>}
        {queues.map((queue) => (
          <QueueCard key={queue.id} queue={queue} operators={operators} now={now} />
        ))}
      </div>
      <OperatorTable operators={operators} presence={presence} />
    </div>
  );
}
