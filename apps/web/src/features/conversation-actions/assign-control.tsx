'use client';
import type { ConversationItem } from '@relay/contracts';
// Who has the conversation: "Assign to me", and a picker of the workspace's
// active operators (with their availability) or back to the queue, through
// POST /conversations/:id/assign. It offers only what the API allows:
// operators take free conversations and hand on their own; supervisors and
// up move anything.
import { useQuery } from '@tanstack/react-query';
import { conversationRequests } from '../../data/conversations.ts';
import { operatorQueries } from '../../data/operators.ts';
import { errorText } from '../../lib/api.ts';
import styles from './conversation-actions.module.css';
import { useConversationMutation } from './use-conversation-change.ts';

export function AssignControl({
  conversation,
  myId,
  canManage,
}: {
  conversation: ConversationItem;
  myId: string;
  canManage: boolean;
}) {
  const operators = useQuery(operatorQueries.all());
  const assign = useConversationMutation(conversation.id, (operatorId: string | null) =>
    conversationRequests.assign(conversation.id, operatorId),
  );
  const assigneeId = conversation.assignedOperatorId;
  const mine = assigneeId === myId;
  const canTake = canManage || assigneeId === null;
  const canHandOn = canManage || mine;
  const everyone = operators.data?.items ?? [];
  const choices = everyone.filter((op) => (op.isActive && (canHandOn || op.id === myId)) || op.id === assigneeId);

  return (
    <div className={styles.control}>
      <div className={styles.inline}>
        {!mine && canTake ? (
          <button
            type="button"
            className={styles.button}
            disabled={assign.isPending}
            onClick={() => assign.mutate(myId)}
          >
            Assign to me
          </button>
        ) : null}
        <select
          className={styles.select}
          aria-label="Assignee"
          title={canTake || canHandOn ? 'Assign to someone, or back to the queue' : 'Only a supervisor can reassign it'}
          value={assigneeId ?? ''}
          disabled={!(canTake || canHandOn) || assign.isPending}
          onChange={(event) => assign.mutate(event.target.value || null)}
        >
          <option value="" disabled={assigneeId !== null && !canHandOn}>
            {assigneeId === null ? 'Unassigned' : 'Back to the queue'}
          </option>
          {choices.map((op) => (
            <option key={op.id} value={op.id} disabled={op.id !== assigneeId && !op.isActive}>
              {op.id === myId ? `${op.name} (you)` : op.name} · {op.isActive ? op.availability : 'deactivated'}
            </option>
          ))}
          {assigneeId !== null && !choices.some((op) => op.id === assigneeId) ? (
            <option value={assigneeId}>{operators.isPending ? 'Loading…' : 'Another operator'}</option>
          ) : null}
        </select>
      </div>
      {assign.isError ? (
        <p role="alert" className={styles.error}>
          {errorText(assign.error)}
        </p>
      ) : null}
      {operators.isError ? (
        <p role="alert" className={styles.error}>
          Could not load operators: {errorText(operators.error)}
        </p>
      ) : null}
    </div>
  );
}
