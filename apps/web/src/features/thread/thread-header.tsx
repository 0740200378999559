'use client';
import type { ConversationItem } from '@relay/contracts';
// The thread's header: who, status and assignee, and under them the
// conversation's actions (features/conversation-actions: assign, transfer,
// priority, tags, snooze, resolve), each with its error beside it.
import { useQuery } from '@tanstack/react-query';
import { operatorQueries } from '../../data/operators.ts';
import { useNow } from '../../lib/use-now.ts';
import { ClientPanelToggle } from '../clients/client-panel-toggle.tsx';
import { ConversationActions } from '../conversation-actions/conversation-actions.tsx';
import { channelLabel } from '../conversations/conversation-row.tsx';
import { SlaBadge } from '../conversations/sla-badge.tsx';
import styles from './thread-header.module.css';

export function ThreadHeader({ conversation, myId }: { conversation: ConversationItem; myId: string }) {
  const operators = useQuery(operatorQueries.all());
  const now = useNow(5000);
  const assigneeId = conversation.assignedOperatorId;
  const assignee =
    assigneeId === null
      ? 'Unassigned'
      : assigneeId === myId
        ? 'You'
        : (operators.data?.items.find((operator) => operator.id === assigneeId)?.name ?? 'Another operator');

  return (
    <header className={styles.header}>
      <div className={styles.who}>
        <h2 className={styles.name}>{conversation.clientName ?? 'Unknown client'}</h2>
        <p className={styles.facts}>
          <span>
            {channelLabel(conversation.channel)} · {conversation.channelAccountName}
          </span>
          <span className={styles.status} data-testid="conversation-status" data-status={conversation.status}>
            {conversation.status}
          </span>
          <span data-testid="conversation-assignee">Assignee: {assignee}</span>
          <SlaBadge conversation={conversation} now={now} />
        </p>
      </div>
      <div className={styles.actions}>
        <ClientPanelToggle />
      </div>
      <ConversationActions conversation={conversation} myId={myId} />
    </header>
  );
}
