'use client';
// Changing a channel account (admins): its name and the queue its new
// conversations land in. Credentials and secrets are not editable here: the
// API has no way to change them (create a new account instead).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../../lib/api.ts';
import { Field, FormError, fieldError, ui } from '../admin/ui/admin-ui.tsx';
import type { QueueSetting } from '../queue-settings/queue-settings-queries.ts';
import { type ChannelAccount, channelAccountQueries, withAccount } from './channel-account-queries.ts';
import styles from './channels.module.css';

const NO_QUEUE = '';

export function ChannelAccountEditForm({
  account,
  queues,
  onDone,
}: {
  account: ChannelAccount;
  queues: QueueSetting[] | undefined;
  onDone: () => void;
}) {
  const queryClient = useQueryClient();
  const [name, setName] = useState(account.name);
  const [queueId, setQueueId] = useState(account.queueId ?? NO_QUEUE);

  const update = useMutation({
    mutationFn: () =>
      api<ChannelAccount>(`/channel-accounts/${account.id}`, {
        method: 'PATCH',
        body: { name, queueId: queueId === NO_QUEUE ? null : queueId },
      }),
    onSuccess: (updated) => {
      queryClient.setQueryData(channelAccountQueries.all().queryKey, (data) => withAccount(data, updated));
      onDone();
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    update.mutate();
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
        <div className={ui.formActions}>
          <button type="submit" className={ui.primary} disabled={update.isPending}>
            {update.isPending ? 'Saving…' : 'Save account'}
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
