'use client';
import type { Queue } from '@relay/contracts';
// Creating a queue (admins): a name, how it routes, and optionally its SLA
// policy; members are chosen afterwards on the queue's row. Changing one: the
// same fields, and making it the workspace's default (the API moves the flag;
// there is always one). Answers go straight into the queues list.
import { type RoutingMode, routingMode } from '@relay/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { withItem } from '../../data/crud.ts';
import { queueQueries, queueRequests, ROUTING_LABELS } from '../../data/queues.ts';
import { slaQueries } from '../../data/sla-policies.ts';
import { FormActions } from '../admin/ui/admin-crud.tsx';
import { Field, FormError, fieldError, ui } from '../admin/ui/admin-ui.tsx';
import styles from './queue-settings.module.css';

type Draft = { name: string; routingMode: RoutingMode; slaPolicyId: string };

export function QueueCreateForm({ onDone }: { onDone: () => void }) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>({ name: '', routingMode: 'round_robin', slaPolicyId: '' });
  const create = useMutation({
    mutationFn: () => queueRequests.create({ ...draft, slaPolicyId: draft.slaPolicyId || null }),
    onSuccess: (queue) => {
      queryClient.setQueryData(queueQueries.all().queryKey, (data) => withItem(data, queue));
      onDone();
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
        <QueueFields draft={draft} onChange={setDraft} error={create.error} />
        <FormActions label="Create queue" pendingLabel="Creating…" pending={create.isPending} onCancel={onDone} />
      </div>
      <FormError error={create.error} />
    </form>
  );
}

export function QueueEditForm({ queue, onDone }: { queue: Queue; onDone: () => void }) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>({
    name: queue.name,
    routingMode: queue.routingMode,
    slaPolicyId: queue.slaPolicyId ?? '',
  });
  const [makeDefault, setMakeDefault] = useState(false);
  const update = useMutation({
    mutationFn: () =>
      queueRequests.update(queue.id, {
        ...draft,
        slaPolicyId: draft.slaPolicyId || null,
        ...(makeDefault ? { isDefault: true as const } : {}),
      }),
    onSuccess: (updated) => {
      const listKey = queueQueries.all().queryKey;
      queryClient.setQueryData(listKey, (data) => withItem(data, updated));
      // A new default takes the flag from the old one.
      if (makeDefault) void queryClient.invalidateQueries({ queryKey: listKey });
      onDone();
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    update.mutate();
  }
  return (
    <form className={styles.panel} aria-label={`Edit queue ${queue.name}`} onSubmit={submit}>
      <div className={ui.form}>
        <QueueFields draft={draft} onChange={setDraft} error={update.error} />
        {!queue.isDefault && (
          <label className={styles.check}>
            <input type="checkbox" checked={makeDefault} onChange={(event) => setMakeDefault(event.target.checked)} />
            Make it the default queue (new channel accounts land here)
          </label>
        )}
        <FormActions label="Save queue" pendingLabel="Saving…" pending={update.isPending} onCancel={onDone} />
      </div>
      <FormError error={update.error} />
    </form>
  );
}

function QueueFields({ draft, onChange, error }: { draft: Draft; onChange: (draft: Draft) => void; error: unknown }) {
  const policies = useQuery(slaQueries.names());
  return (
    <>
      <Field label="Queue name" error={fieldError(error, 'name')}>
        <input
          value={draft.name}
          onChange={(event) => onChange({ ...draft, name: event.target.value })}
          required
          maxLength={200}
        />
      </Field>
      <Field label="Routing" error={fieldError(error, 'routingMode')}>
        <select
          value={draft.routingMode}
          onChange={(event) => onChange({ ...draft, routingMode: event.target.value as RoutingMode })}
        >
          {routingMode.options.map((mode) => (
            <option key={mode} value={mode}>
              {ROUTING_LABELS[mode]}
            </option>
          ))}
        </select>
      </Field>
      <Field label="SLA policy" error={fieldError(error, 'slaPolicyId')}>
        <select value={draft.slaPolicyId} onChange={(event) => onChange({ ...draft, slaPolicyId: event.target.value })}>
          <option value="">Workspace default</option>
          {policies.data?.map((policy) => (
            <option key={policy.id} value={policy.id}>
              {policy.name}
            </option>
          ))}
        </select>
      </Field>
    </>
  );
}
