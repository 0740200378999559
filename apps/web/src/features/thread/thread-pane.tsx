'use client';
// The right pane: the open conversation (header, timeline, who else is on
// it, composer, and the client panel beside them when shown), or a hint when
// none is selected. It stays mounted while conversations change, so it also
// runs the desktop and sound alerts, which need to know which one is open.
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { conversationQueries } from '../../data/conversations.ts';
import { threadQueries } from '../../data/messages.ts';
import { errorText } from '../../lib/api.ts';
import { ClientPanel } from '../clients/client-panel.tsx';
import { useClientPanelOpen } from '../clients/client-panel-state.ts';
import { CollisionBanner } from '../collaboration/collision-banner.tsx';
import { useMessageAlerts } from '../notifications/use-message-alerts.ts';
import { Composer } from './composer.tsx';
import { MessageList } from './message-list.tsx';
import { ThreadHeader } from './thread-header.tsx';
import styles from './thread-pane.module.css';
import { useMarkRead } from './use-mark-read.ts';

export function ThreadPane({ conversationId, myId }: { conversationId: string | null; myId: string }) {
  useMessageAlerts({ openConversationId: conversationId, myId });
  if (!conversationId) {
    return (
      <section className={styles.pane} aria-label="Conversation">
        <p className={styles.empty}>Select a conversation to read and reply.</p>
      </section>
    );
  }
  return <OpenThread key={conversationId} conversationId={conversationId} myId={myId} />;
}

function OpenThread({ conversationId, myId }: { conversationId: string; myId: string }) {
  const detail = useQuery(conversationQueries.detail(conversationId));
  const panelOpen = useClientPanelOpen();
  const messages = useInfiniteQuery(threadQueries.messages(conversationId));
  const latestInbound = messages.data?.pages
    .flatMap((page) => page.items)
    .find((message) => message.direction === 'inbound');
  useMarkRead(conversationId, latestInbound?.id);

  return (
    // A section with an accessible name is a region landmark (role="region").
    <section className={styles.pane} aria-label="Conversation" data-conversation-id={conversationId}>
      {detail.isPending ? <p className={styles.empty}>Loading conversation…</p> : null}
      {detail.isError ? (
        <div role="alert" className={styles.error}>
          <p>Could not open this conversation: {errorText(detail.error)}</p>
          <button type="button" onClick={() => void detail.refetch()}>
            Try again
          </button>
        </div>
      ) : null}
      {detail.data ? (
        <>
          <ThreadHeader conversation={detail.data} myId={myId} />
          <div className={styles.body}>
            <div className={styles.main}>
              <MessageList conversationId={conversationId} channel={detail.data.channel} />
              <CollisionBanner conversationId={conversationId} myId={myId} />
              <Composer conversationId={conversationId} myId={myId} />
            </div>
            {panelOpen ? <ClientPanel clientId={detail.data.clientId} conversationId={conversationId} /> : null}
          </div>
        </>
      ) : null}
    </section>
  );
}
