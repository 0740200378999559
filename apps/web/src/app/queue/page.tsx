import type { Metadata } from 'next';
import { QueueScreen } from '../../features/queue/queue-screen.tsx';

export const metadata: Metadata = { title: 'Live queue · Relay' };

export default function QueuePage() {
  return <QueueScreen />;
}
