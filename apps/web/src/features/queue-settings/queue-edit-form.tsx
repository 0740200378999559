'use client';
// Changing a queue (admins): its name, routing and SLA policy, and making it
// the workspace's default (the API moves the flag; there is always one).
import { type RoutingMode, routingMode } from '@relay/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../../lib/api.ts';
import { Field, FormError, fieldError, ui } from '../admin/ui/admin-ui.tsx';
import styles from './queue-settings.module.css';
import { type QueueSetting, queueSettingsQueries, ROUTING_LABELS, withQueue } from './queue-settings-queries.ts';

type Patch = { name: string; routingMode: RoutingMode; slaPolicyId: string | null; isDefault?: true };

export function QueueEditForm({ queue, onDone }: { queue: QueueSetting; onDone: () => void }) {
  const queryClient = useQueryClient();
  const policies = useQuery(queueSettingsQueries.slaPolicyNames());
  const [name, setName] = useState(queue.name);
  const [routing, setRouting] = useState(queue.routingMode);
  const [slaPolicyId, setSlaPolicyId] = useState(queue.slaPolicyId ?? '');
  const [makeDefault, setMakeDefault] = useState(false);

  const update = useMutation({
    mutationFn: (patch: Patch) => api<QueueSetting>(`/queues/${queue.id}`, { method: 'PATCH', body: patch }),
    onSuccess: (updated, patch) => {
      const listKey = queueSettingsQueries.all().queryKey;
      queryClient.setQueryData(listKey, (data) => withQueue(data, updated));
      // A new default takes the flag from the old one.
      if (patch.isDefault) void queryClient.invalidateQueries({ queryKey: listKey });
      onDone();
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    update.mutate({
      name,
      routingMode: routing,
      slaPolicyId: slaPolicyId || null,
      ...(makeDefault ? { isDefault: true as const } : {}),
    });
  }

  return (
    <form className={styles.panel} aria-label={`Edit queue ${queue.name}`} onSubmit={submit}>
      <div className={ui.form}>
        <Field label="Queue name" error={fieldError(update.error, 'name')}>
          <input value={name} onChange={(event) => setName(event.target.value)} required maxLength={200} />
        </Field>
        <Field label="Routing" error={fieldError(update.error, 'routingMode')}>
          <select value={routing} onChange={(event) => setRouting(event.target.value as RoutingMode)}>
            {routingMode.options.map((option) => (
              <option key={option} value={option}>
                {ROUTING_LABELS[option]}
              </option>
            ))}
          </select>
        </Field>
        <Field label="SLA policy" error={fieldError(update.error, 'slaPolicyId')}>
          <select value={slaPolicyId} onChange={(event) => setSlaPolicyId(event.target.value)}>
            <option value="">Workspace default</option>
            {policies.data?.map((policy) => (
              <option key={policy.id} value={policy.id}>
                {policy.name}
              </option>
            ))}
          </select>
        </Field>
        {!queue.isDefault && (
          <label className={styles.check}>
            <input type="checkbox" checked={makeDefault} onChange={(event) => setMakeDefault(event.target.checked)} />
            Make it the default queue (new channel accounts land here)
          </label>
        )}
        <div className={ui.formActions}>
          <button type="submit" className={ui.primary} disabled={update.isPending}>
            {update.isPending ? 'Saving…' : 'Save queue'}
          </button>
          <button type="button" className={ui.button} onClick={onDone}>
            Cancel
          </button>
        </div>
      </div>
      <FormError error={update.error} />
    </form>
  );
}
