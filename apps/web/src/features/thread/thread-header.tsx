'use client';
// The thread's header: who, status and assignee, and the two actions of this
// slice: Assign to me and Resolve. Their errors show beside them.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, errorText } from '../../lib/api.ts';
import { useNow } from '../../lib/use-now.ts';
import { invalidateLists, updateConversation } from '../conversations/conversation-cache.ts';
import { channelLabel } from '../conversations/conversation-row.tsx';
import type { Conversation, ConversationDetail } from '../conversations/conversation-types.ts';
import { SlaBadge } from '../conversations/sla-badge.tsx';
import { operatorQueries } from '../operators/operator-queries.ts';
import styles from './thread-header.module.css';

export function ThreadHeader({ conversation, myId }: { conversation: ConversationDetail; myId: string }) {
  const queryClient = useQueryClient();
  const operators = useQuery(operatorQueries.all());
  const now = useNow(5000);
  // The change may move it between views (mine, unassigned, resolved): the lists refetch.
  const applied = (row: Conversation) => {
    updateConversation(queryClient, conversation.id, (item) => ({ ...item, ...row }));
    void invalidateLists(queryClient);
  };

  const assign = useMutation({
    mutationFn: () =>
      api<Conversation>(`/conversations/${conversation.id}/assign`, { method: 'POST', body: { operatorId: myId } }),
    onSuccess: applied,
  });
  const resolve = useMutation({
    mutationFn: () =>
      api<Conversation>(`/conversations/${conversation.id}`, { method: 'PATCH', body: { status: 'resolved' } }),
    onSuccess: applied,
  });

  const assigneeId = conversation.assignedOperatorId;
  const assignee =
    assigneeId === null
      ? 'Unassigned'
      : assigneeId === myId
        ? 'You'
        : (operators.data?.items.find((operator) => operator.id === assigneeId)?.name ?? 'Another operator');
  const failure = assign.error ?? resolve.error;

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
        <button
          type="button"
          className={styles.button}
          disabled={assigneeId === myId || assign.isPending}
          onClick={() => assign.mutate()}
        >
          Assign to me
        </button>
        <button
          type="button"
          className={`${styles.button} ${styles.primary}`}
          disabled={conversation.status === 'resolved' || resolve.isPending}
          onClick={() => resolve.mutate()}
        >
          Resolve
        </button>
      </div>
      {failure ? (
        <p role="alert" className={styles.error}>
          {errorText(failure)}
        </p>
      ) : null}
    </header>
  );
}
