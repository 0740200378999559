'use client';
import type { ConversationItem } from '@relay/contracts';
import { conversationRequests } from '../../data/conversations.ts';
// The conversation's priority (PATCH /conversations/:id {priority}): the
// router serves higher priorities first and SLA policies may depend on it.
import { errorText } from '../../lib/api.ts';
import { PRIORITIES } from '../conversations/conversation-priority.ts';
import styles from './conversation-actions.module.css';
import { useConversationMutation } from './use-conversation-change.ts';

export function PriorityControl({ conversation }: { conversation: ConversationItem }) {
  const patch = useConversationMutation(conversation.id, (priority: number) =>
    conversationRequests.patch(conversation.id, { priority }),
  );
  return (
    <div className={styles.control}>
      <select
        className={styles.select}
        aria-label="Priority"
        value={patch.isPending ? patch.variables : conversation.priority}
        disabled={patch.isPending}
        onChange={(event) => patch.mutate(Number(event.target.value))}
      >
        {PRIORITIES.map((p) => (
          <option key={p.value} value={p.value}>
            {p.label} priority
          </option>
        ))}
      </select>
      {patch.isError ? (
        <p role="alert" className={styles.error}>
          {errorText(patch.error)}
        </p>
      ) : null}
    </div>
  );
}
