'use client';
import type { ChannelAccount, Queue } from '@relay/contracts';
// Changing a channel account (admins): its name and the queue its new
// conversations land in. Credentials and secrets are not editable here: the
// API has no way to change them (create a new account instead).
import { type FormEvent, useState } from 'react';
import { FormActions } from '../admin/ui/admin-crud.tsx';
import { Field, FormError, fieldError, ui } from '../admin/ui/admin-ui.tsx';
import styles from './channels.module.css';
import { useUpdateAccount } from './use-update-account.ts';

const NO_QUEUE = '';

export function ChannelAccountEditForm({
  account,
  queues,
  onDone,
}: {
  account: ChannelAccount;
  queues: Queue[] | undefined;
  onDone: () => void;
}) {
  const [name, setName] = useState(account.name);
  const [queueId, setQueueId] = useState(account.queueId ?? NO_QUEUE);
  const update = useUpdateAccount(account.id, onDone);

  function submit(event: FormEvent) {
    event.preventDefault();
    update.mutate({ name, queueId: queueId === NO_QUEUE ? null : queueId });
  }

  return (
    <form className={styles.panel} aria-label={`Edit ${account.name}`} onSubmit={submit}>
      <div className={ui.form}>
        <Field label="Account name" error={fieldError(update.error, 'name')}>
          <input value={name} onChange={(event) => setName(event.target.value)} required maxLength={200} />
        </Field>
        <Field label="Queue" error={fieldError(update.error, 'queueId')}>
          <select value={queueId} onChange={(event) => setQueueId(event.target.value)}>
            <option value={NO_QUEUE}>No queue</option>
            {queues?.map((queue) => (
              <option key={queue.id} value={queue.id}>
                {queue.name}
              </option>
            ))}
          </select>
        </Field>
        <FormActions label="Save account" pendingLabel="Saving…" pending={update.isPending} onCancel={onDone} />
      </div>
      <FormError error={update.error} />
    </form>
  );
}
