'use client';
// "Reassign" on a conversation of the live queue: hand it to an operator (or
// back to the queue) with POST /conversations/:id/assign. The stats refetch
// when the conversation.assigned event arrives; this refetch only makes the
// supervisor's own change show at once.
import type { OperatorLoad } from '@relay/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { conversationRequests } from '../../data/conversations.ts';
import { queueStatsQueries } from '../../data/queue-stats.ts';
import { errorText } from '../../lib/api.ts';
import styles from './queue-card.module.css';

const UNASSIGN = 'unassign';

export function ReassignSelect({
  conversationId,
  clientName,
  assignedOperatorId,
  operators,
}: {
  conversationId: string;
  clientName: string;
  assignedOperatorId: string | null;
  operators: OperatorLoad[];
}) {
  const queryClient = useQueryClient();
  const assign = useMutation({
    mutationFn: (operatorId: string | null) => conversationRequests.assign(conversationId, operatorId),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queueStatsQueries.all() }),
  });

  return (
    <span className={styles.reassign}>
      <select
        aria-label={`Reassign ${clientName}`}
        value=""
        disabled={assign.isPending}
        onChange={(event) => {
          const value = event.target.value;
          if (value) assign.mutate(value === UNASSIGN ? null : value);
        }}
      >
        <option value="" disabled>
          {assign.isPending ? 'Reassigning…' : 'Reassign…'}
        </option>
        {operators
          .filter((op) => op.id !== assignedOperatorId)
          .map((op) => (
            <option key={op.id} value={op.id}>
              {op.name} ({op.load}/{op.capacity})
            </option>
          ))}
        {assignedOperatorId && <option value={UNASSIGN}>Back to the queue</option>}
      </select>
      {assign.isError && (
        <span role="alert" className={styles.error}>
          {errorText(assign.error)}
        </span>
      )}
    </span>
  );
}
