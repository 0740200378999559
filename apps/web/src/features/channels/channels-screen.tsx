'use client';
// /admin/channels: the workspace's channel accounts with their webhook URLs.
// Admins create accounts (the secret is shown once, right after), rename,
// re-queue and switch them on or off; supervisors read.
import { atLeast } from '@relay/contracts';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { type CreatedChannelAccount, channelAccountQueries } from '../../data/channel-accounts.ts';
import { queueQueries } from '../../data/queues.ts';
import * as crud from '../admin/ui/admin-crud.tsx';
import { useSession } from '../auth/use-session.ts';
import { ChannelAccountForm } from './channel-account-form.tsx';
import { ChannelAccountRow } from './channel-account-row.tsx';
import { CreatedAccountNotice } from './created-account-notice.tsx';

const TABLE: crud.ListTable = {
  label: 'Channel accounts',
  what: 'channel accounts',
  columns: ['Account', 'Channel', 'Queue', 'Status', 'Webhook URL'],
};

export function ChannelsScreen() {
  const session = useSession();
  const canEdit = session ? atLeast(session.operator.role, 'admin') : false;
  const accounts = useQuery(channelAccountQueries.all());
  const queues = useQuery(queueQueries.all());
  const create = crud.usePanel();
  const [created, setCreated] = useState<CreatedChannelAccount | null>(null);
  const columns = TABLE.columns.length + (canEdit ? 1 : 0);

  return (
    <crud.CrudPage
      title="Channels"
      description="The accounts customers write to. Each provider posts to its account’s webhook URL; replies go out through the same account."
      newLabel="New channel account"
      canCreate={canEdit}
      panel={{
        open: create.open,
        start: () => {
          setCreated(null);
          create.start();
        },
      }}
      form={
        <ChannelAccountForm
          onCreated={(account) => {
            create.close();
            setCreated(account);
          }}
          onCancel={create.close}
        />
      }
    >
      {created && <CreatedAccountNotice account={created} onDismiss={() => setCreated(null)} />}
      <crud.AdminList
        query={accounts}
        table={{ ...TABLE, actions: canEdit }}
        empty={`No channel accounts yet.${canEdit ? ' Create one to start receiving messages.' : ''}`}
        row={(account) => (
          <ChannelAccountRow
            key={account.id}
            account={account}
            queues={queues.data}
            canEdit={canEdit}
            columns={columns}
          />
        )}
      />
    </crud.CrudPage>
  );
}
