'use client';
import type { ClientDetail } from '@relay/contracts';
// The panel beside the thread about the conversation's client: who they are,
// the channels they reach us on, their attributes (editable), their other
// conversations (links into the inbox) and, for supervisors, merging a
// duplicate into them.
import { atLeast } from '@relay/contracts';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { clientQueries } from '../../data/clients.ts';
import { errorText } from '../../lib/api.ts';
import { relativeAge } from '../../lib/format-time.ts';
import { useNow } from '../../lib/use-now.ts';
import { useSession } from '../auth/use-session.ts';
import { channelLabel } from '../conversations/conversation-row.tsx';
import { useInboxFilters } from '../conversations/use-inbox-filters.ts';
import { ClientAttributes } from './client-attributes.tsx';
import { clientLabel } from './client-label.ts';
import { ClientMerge } from './client-merge.tsx';
import styles from './client-panel.module.css';
import { setClientPanelOpen } from './client-panel-state.ts';
import { CLIENT_PANEL_ID } from './client-panel-toggle.tsx';

export function ClientPanel({ clientId, conversationId }: { clientId: string; conversationId: string }) {
  const client = useQuery(clientQueries.detail(clientId));
  return (
    <aside id={CLIENT_PANEL_ID} className={styles.panel} aria-label="Client details" data-testid="client-panel">
      <div className={styles.head}>
        <h3 className={styles.heading}>Client</h3>
        <button
          type="button"
          className={styles.close}
          aria-label="Close client details"
          onClick={() => setClientPanelOpen(false)}
        >
          ×
        </button>
      </div>
      {client.isPending ? <p className={styles.muted}>Loading client…</p> : null}
      {client.isError ? (
        <p role="alert" className={styles.error}>
          Could not load the client: {errorText(client.error)}{' '}
          <button type="button" className={styles.linkButton} onClick={() => void client.refetch()}>
            Try again
          </button>
        </p>
      ) : null}
      {client.data ? <ClientFacts client={client.data} conversationId={conversationId} /> : null}
    </aside>
  );
}

function ClientFacts({ client, conversationId }: { client: ClientDetail; conversationId: string }) {
  const session = useSession();
  const now = useNow(60_000);
  // Links keep the inbox's view and filters, as the list's rows do.
  const { rowHref } = useInboxFilters();
  const canMerge = session ? atLeast(session.operator.role, 'supervisor') : false;
  return (
    <>
      <section className={styles.section}>
        <p className={styles.name} data-testid="client-name">
          {clientLabel(client)}
        </p>
        {client.phone ? <p className={styles.fact}>{client.phone}</p> : null}
        {client.email ? <p className={styles.fact}>{client.email}</p> : null}
        {client.mergedIntoId ? (
          <p className={styles.notice}>This client was merged into another; edit that one instead.</p>
        ) : null}
      </section>

      <section className={styles.section} aria-labelledby="client-identities">
        <h4 id="client-identities" className={styles.title}>
          Channels
        </h4>
        {client.identities.length === 0 ? <p className={styles.muted}>No channel identities.</p> : null}
        <ul className={styles.list}>
          {client.identities.map((identity) => (
            <li key={identity.id} className={styles.identity} data-testid="client-identity">
              <span className={styles.channel}>{channelLabel(identity.channel)}</span>
              <span className={styles.mono} title="Their id on this channel">
                {identity.externalId}
              </span>
              {identity.username ? <span className={styles.fact}>@{identity.username}</span> : null}
              {identity.displayName && identity.displayName !== client.name ? (
                <span className={styles.fact}>{identity.displayName}</span>
              ) : null}
            </li>
          ))}
        </ul>
      </section>

      <ClientAttributes client={client} />

      <section className={styles.section} aria-labelledby="client-conversations">
        <h4 id="client-conversations" className={styles.title}>
          Conversations
        </h4>
        <ul className={styles.list}>
          {client.conversations.map((conversation) => (
            <li key={conversation.id}>
              <Link
                href={rowHref(conversation.id)}
                scroll={false}
                className={styles.conversation}
                aria-current={conversation.id === conversationId ? 'true' : undefined}
                data-testid="client-conversation"
              >
                <span>
                  {channelLabel(conversation.channel)} · <span className={styles.status}>{conversation.status}</span>
                  {conversation.id === conversationId ? ' · this one' : ''}
                </span>
                <span className={styles.fact}>
                  {conversation.messageCount} message{conversation.messageCount === 1 ? '' : 's'} ·{' '}
                  <time dateTime={conversation.lastMessageAt}>{relativeAge(conversation.lastMessageAt, now)}</time>
                </span>
              </Link>
            </li>
          ))}
        </ul>
      </section>

      {canMerge && !client.mergedIntoId ? <ClientMerge client={client} /> : null}
    </>
  );
}
