'use client';
import type { ConversationItem, TransferBody } from '@relay/contracts';
// Moving the conversation to another queue (POST /conversations/:id/transfer):
// the button names the current queue; its panel picks the queue, who there
// gets it (one of its members, or its waiting line) and an optional reason.
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { conversationRequests } from '../../data/conversations.ts';
import { operatorQueries } from '../../data/operators.ts';
import { queueQueries } from '../../data/queues.ts';
import { errorText } from '../../lib/api.ts';
import { Popover } from '../conversations/popover.tsx';
import styles from './conversation-actions.module.css';
import { useConversationMutation } from './use-conversation-change.ts';

/** The transfer route's body (reason left out when empty). */
type Transfer = TransferBody;

export function TransferControl({ conversation, allowed }: { conversation: ConversationItem; allowed: boolean }) {
  const queues = useQuery(queueQueries.all());
  const transfer = useConversationMutation(conversation.id, (body: Transfer) =>
    conversationRequests.transfer(conversation.id, body),
  );
  const current = queues.data?.find((queue) => queue.id === conversation.queueId);
  const queueName = conversation.queueId === null ? 'No queue' : (current?.name ?? 'Queue');

  return (
    <div className={styles.control}>
      <Popover
        title="Transfer to another queue"
        buttonClassName={styles.button}
        disabled={!allowed || transfer.isPending}
        testId="transfer-button"
        label={<>Queue: {queueName} ▾</>}
      >
        {(close) => (
          <TransferForm
            conversation={conversation}
            pending={transfer.isPending}
            onSubmit={(body) => transfer.mutate(body, { onSuccess: close })}
          />
        )}
      </Popover>
      {transfer.isError ? (
        <p role="alert" className={styles.error}>
          {errorText(transfer.error)}
        </p>
      ) : null}
    </div>
  );
}

function TransferForm({
  conversation,
  pending,
  onSubmit,
}: {
  conversation: ConversationItem;
  pending: boolean;
  onSubmit: (body: Transfer) => void;
}) {
  const queues = useQuery(queueQueries.all());
  const operators = useQuery(operatorQueries.all());
  const others = queues.data?.filter((queue) => queue.id !== conversation.queueId) ?? [];
  const [queueId, setQueueId] = useState('');
  const [operatorId, setOperatorId] = useState('');
  const [reason, setReason] = useState('');
  const chosen = queues.data?.find((queue) => queue.id === (queueId || others[0]?.id));
  const members = (operators.data?.items ?? []).filter((op) => op.isActive && chosen?.memberIds.includes(op.id));

  if (queues.isPending) return <p className={styles.hint}>Loading queues…</p>;
  if (queues.isError) {
    return (
      <p role="alert" className={styles.error}>
        Could not load queues: {errorText(queues.error)}
      </p>
    );
  }
  if (!chosen) return <p className={styles.hint}>There is no other queue to transfer to.</p>;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit({
      queueId: chosen.id,
      operatorId: operatorId || null,
      ...(reason.trim() ? { reason: reason.trim() } : {}),
    });
  };

  return (
    <form className={styles.form} onSubmit={submit}>
      <label className={styles.field}>
        Queue
        <select
          value={chosen.id}
          onChange={(event) => {
            setQueueId(event.target.value);
            setOperatorId('');
          }}
        >
          {others.map((queue) => (
            <option key={queue.id} value={queue.id}>
              {queue.name}
            </option>
          ))}
        </select>
      </label>
      <label className={styles.field}>
        Give it to
        <select value={operatorId} onChange={(event) => setOperatorId(event.target.value)}>
          <option value="">The queue’s waiting line</option>
          {members.map((op) => (
            <option key={op.id} value={op.id}>
              {op.name} · {op.availability}
            </option>
          ))}
        </select>
      </label>
      <label className={styles.field}>
        Reason (optional)
        <input value={reason} maxLength={500} onChange={(event) => setReason(event.target.value)} />
      </label>
      <button type="submit" className={`${styles.button} ${styles.primary}`} disabled={pending}>
        {pending ? 'Transferring…' : 'Transfer'}
      </button>
    </form>
  );
}
