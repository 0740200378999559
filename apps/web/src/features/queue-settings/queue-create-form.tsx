'use client';
// Creating a queue (admins): a name, how it routes, and optionally its SLA
// policy. Members are chosen afterwards on the queue's row.
import { type RoutingMode, routingMode } from '@relay/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../../lib/api.ts';
import { Field, FormError, fieldError, ui } from '../admin/ui/admin-ui.tsx';
import { type QueueSetting, queueSettingsQueries, ROUTING_LABELS, withQueue } from './queue-settings-queries.ts';

export function QueueCreateForm({ onDone }: { onDone: (queue?: QueueSetting) => void }) {
  const queryClient = useQueryClient();
  const policies = useQuery(queueSettingsQueries.slaPolicyNames());
  const [name, setName] = useState('');
  const [routing, setRouting] = useState<RoutingMode>('round_robin');
  const [slaPolicyId, setSlaPolicyId] = useState('');

  const create = useMutation({
    mutationFn: () =>
      api<QueueSetting>('/queues', {
        method: 'POST',
        body: { name, routingMode: routing, slaPolicyId: slaPolicyId || null },
      }),
    onSuccess: (queue) => {
      queryClient.setQueryData(queueSettingsQueries.all().queryKey, (data) => withQueue(data, queue));
      onDone(queue);
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }

  return (
    <form className={ui.card} aria-labelledby="new-queue-title" onSubmit={submit}>
      <h2 id="new-queue-title" className={ui.cardTitle}>
        New queue
      </h2>
      <div className={ui.form}>
        <Field label="Queue name" error={fieldError(create.error, 'name')}>
          <input value={name} onChange={(event) => setName(event.target.value)} required maxLength={200} />
        </Field>
        <Field label="Routing" error={fieldError(create.error, 'routingMode')}>
          <select value={routing} onChange={(event) => setRouting(event.target.value as RoutingMode)}>
            {routingMode.options.map((mode) => (
              <option key={mode} value={mode}>
                {ROUTING_LABELS[mode]}
              </option>
            ))}
          </select>
        </Field>
        <Field label="SLA policy" error={fieldError(create.error, 'slaPolicyId')}>
          <select value={slaPolicyId} onChange={(event) => setSlaPolicyId(event.target.value)}>
            <option value="">Workspace default</option>
            {policies.data?.map((policy) => (
              <option key={policy.id} value={policy.id}>
                {policy.name}
              </option>
            ))}
          </select>
        </Field>
        <div className={ui.formActions}>
          <button type="submit" className={ui.primary} disabled={create.isPending}>
            {create.isPending ? 'Creating…' : 'Create queue'}
          </button>
          <button type="button" className={ui.button} onClick={() => onDone()}>
            Cancel
          </button>
        </div>
      </div>
      <FormError error={create.error} />
    </form>
  );
}
