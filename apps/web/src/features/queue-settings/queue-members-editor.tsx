'use client';
// Who works a queue: a checklist of the workspace's active operators, saved
// as the whole member set (PUT /queues/:id/members). Operators see and are
// routed the conversations of the queues they belong to.
import type { OperatorDto, Queue } from '@relay/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { withItem } from '../../data/crud.ts';
import { queueQueries, queueRequests } from '../../data/queues.ts';
import { FormActions } from '../admin/ui/admin-crud.tsx';
import { FormError, ui } from '../admin/ui/admin-ui.tsx';
import styles from './queue-settings.module.css';

export function QueueMembersEditor({
  queue,
  operators,
  onDone,
}: {
  queue: Queue;
  operators: OperatorDto[];
  onDone: () => void;
}) {
  const queryClient = useQueryClient();
  const [chosen, setChosen] = useState(() => new Set(queue.memberIds));

  const save = useMutation({
    mutationFn: () => queueRequests.setMembers(queue.id, [...chosen]),
    onSuccess: (updated) => {
      queryClient.setQueryData(queueQueries.all().queryKey, (data) => withItem(data, updated));
      onDone();
    },
  });

  function toggle(id: string, on: boolean) {
    setChosen((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }

  // Members who were deactivated stay listed so they can be taken out.
  const listed = operators.filter((operator) => operator.isActive || chosen.has(operator.id));
  return (
    <form onSubmit={submit} className={styles.members}>
      <fieldset className={styles.checklist}>
        <legend className={ui.label}>Members of {queue.name}</legend>
        {listed.map((operator) => (
          <label key={operator.id} className={styles.member}>
            <input
              type="checkbox"
              checked={chosen.has(operator.id)}
              onChange={(event) => toggle(operator.id, event.target.checked)}
            />
            <span>{operator.name}</span>
            <span className={styles.role}>
              {operator.role}
              {operator.isActive ? '' : ', inactive'}
            </span>
          </label>
        ))}
      </fieldset>
      <FormActions
        label={`Save members (${chosen.size})`}
        pendingLabel="Saving…"
        pending={save.isPending}
        onCancel={onDone}
      />
      <FormError error={save.error} />
    </form>
  );
}
