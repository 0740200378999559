'use client';
// Creating a channel account (admins): the credential fields follow the
// chosen channel, the queue defaults to the workspace's default queue, and the
// API's field complaints appear beside the fields. The answer, with the
// once-only secret, goes to onCreated.
import { type ChannelKind, channelKind } from '@relay/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import {
  type CreatedChannelAccount,
  channelAccountQueries,
  channelAccountRequests,
  withAccount,
} from '../../data/channel-accounts.ts';
import { queueQueries } from '../../data/queues.ts';
import { FormActions } from '../admin/ui/admin-crud.tsx';
import { Field, FormError, fieldError, ui } from '../admin/ui/admin-ui.tsx';
import { channelLabel } from '../conversations/conversation-row.tsx';
import { channelForm, credentialsOf } from './channel-fields.ts';

/** The queue select's two choices that are not a queue id. */
const DEFAULT_QUEUE = '';
const NO_QUEUE = 'none';

export function ChannelAccountForm({
  onCreated,
  onCancel,
}: {
  onCreated: (account: CreatedChannelAccount) => void;
  onCancel: () => void;
}) {
  const queryClient = useQueryClient();
  const queues = useQuery(queueQueries.all());
  const [channel, setChannel] = useState<ChannelKind>('telegram');
  const [name, setName] = useState('');
  const [externalAccountId, setExternalAccountId] = useState('');
  const [credentials, setCredentials] = useState<Record<string, string>>({});
  const [queue, setQueue] = useState(DEFAULT_QUEUE);
  const [secret, setSecret] = useState('');
  const form = channelForm(channel);

  const create = useMutation({
    mutationFn: () =>
      channelAccountRequests.create({
        channel,
        name,
        externalAccountId,
        credentials: credentialsOf(channel, credentials),
        ...(queue === DEFAULT_QUEUE ? {} : { queueId: queue === NO_QUEUE ? null : queue }),
        ...(secret.trim() ? { secret: secret.trim() } : {}),
      }),
    onSuccess: (account) => {
      const key = channelAccountQueries.all().queryKey;
      queryClient.setQueryData(key, (data) => withAccount(data, account));
      void queryClient.invalidateQueries({ queryKey: key });
      onCreated(account);
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }

  const defaultQueue = queues.data?.find((item) => item.isDefault);
  const error = create.error;
  return (
    <form className={ui.card} aria-labelledby="new-channel-title" onSubmit={submit}>
      <h2 id="new-channel-title" className={ui.cardTitle}>
        New channel account
      </h2>
      <div className={ui.form}>
        <Field label="Channel" error={fieldError(error, 'channel')}>
          <select
            value={channel}
            onChange={(event) => {
              setChannel(event.target.value as ChannelKind);
              setCredentials({});
            }}
          >
            {channelKind.options.map((kind) => (
              <option key={kind} value={kind}>
                {channelLabel(kind)}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Account name" error={fieldError(error, 'name')}>
          <input value={name} onChange={(event) => setName(event.target.value)} required maxLength={200} />
        </Field>
        <Field label={form.externalIdLabel} hint={form.externalIdHint} error={fieldError(error, 'externalAccountId')}>
          <input
            value={externalAccountId}
            onChange={(event) => setExternalAccountId(event.target.value)}
            required
            maxLength={200}
          />
        </Field>
        {form.credentials.map((field) => (
          <Field
            key={`${channel}.${field.key}`}
            label={field.required ? field.label : `${field.label} (optional)`}
            hint={field.hint}
            error={fieldError(error, `credentials.${field.key}`)}
          >
            <input
              type={field.type}
              value={credentials[field.key] ?? ''}
              onChange={(event) => setCredentials((current) => ({ ...current, [field.key]: event.target.value }))}
              required={field.required}
              autoComplete="off"
              spellCheck={false}
            />
          </Field>
        ))}
        <Field label="Queue" error={fieldError(error, 'queueId')}>
          <select value={queue} onChange={(event) => setQueue(event.target.value)}>
            <option value={DEFAULT_QUEUE}>
              {defaultQueue ? `Default queue (${defaultQueue.name})` : 'Default queue'}
            </option>
            {queues.data
              ?.filter((item) => !item.isDefault)
              .map((item) => (
                <option key={item.id} value={item.id}>
                  {item.name}
                </option>
              ))}
            <option value={NO_QUEUE}>No queue</option>
          </select>
        </Field>
        <Field label={`${form.secretLabel} (optional)`} hint={form.secretHint} error={fieldError(error, 'secret')}>
          <input
            value={secret}
            onChange={(event) => setSecret(event.target.value)}
            autoComplete="off"
            spellCheck={false}
            maxLength={500}
          />
        </Field>
        <FormActions label="Create account" pendingLabel="Creating…" pending={create.isPending} onCancel={onCancel} />
      </div>
      <FormError error={error} />
    </form>
  );
}
