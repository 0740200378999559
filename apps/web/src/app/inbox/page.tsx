import type { Metadata } from 'next';
import { Suspense } from 'react';
import { InboxScreen } from '../../features/inbox/inbox-screen.tsx';

export const metadata: Metadata = { title: 'Inbox · Relay' };

// The selected conversation is `?c=<id>`, read on the client: Suspense lets the shell prerender.
export default function InboxPage() {
  return (
    <Suspense fallback={null}>
      <InboxScreen />
    </Suspense>
  );
}
