'use client';
// /admin/channels: the workspace's channel accounts with their webhook URLs.
// Admins create accounts (the secret is shown once, right after), rename,
// re-queue and switch them on or off; supervisors read.
import { atLeast } from '@relay/contracts';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { AdminPage, QueryState, ui } from '../admin/ui/admin-ui.tsx';
import { useSession } from '../auth/use-session.ts';
import { queueSettingsQueries } from '../queue-settings/queue-settings-queries.ts';
import { ChannelAccountForm } from './channel-account-form.tsx';
import { type CreatedChannelAccount, channelAccountQueries } from './channel-account-queries.ts';
import { ChannelAccountRow } from './channel-account-row.tsx';
import styles from './channels.module.css';
import { CreatedAccountNotice } from './created-account-notice.tsx';

export function ChannelsScreen() {
  const session = useSession();
  const canEdit = session ? atLeast(session.operator.role, 'admin') : false;
  const accounts = useQuery(channelAccountQueries.all());
  const queues = useQuery(queueSettingsQueries.all());
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedChannelAccount | null>(null);

  return (
    <AdminPage
      title="Channels"
      description="The accounts customers write to. Each provider posts to its account’s webhook URL; replies go out through the same account."
      actions={
        canEdit &&
        !creating && (
          <button
            type="button"
            className={ui.primary}
            onClick={() => {
              setCreated(null);
              setCreating(true);
            }}
          >
            New channel account
          </button>
        )
      }
    >
      {created && <CreatedAccountNotice account={created} onDismiss={() => setCreated(null)} />}
      {creating && (
        <ChannelAccountForm
          onCreated={(account) => {
            setCreating(false);
            setCreated(account);
          }}
          onCancel={() => setCreating(false)}
        />
      )}
      <QueryState query={accounts} what="channel accounts">
        {(items) =>
          items.length === 0 ? (
            <p className={ui.muted}>
              No channel accounts yet.{canEdit ? ' Create one to start receiving messages.' : ''}
            </p>
          ) : (
            <div className={styles.scroll}>
              <table className={ui.table} aria-label="Channel accounts">
                <thead>
                  <tr>
                    <th scope="col">Account</th>
                    <th scope="col">Channel</th>
                    <th scope="col">Queue</th>
                    <th scope="col">Status</th>
                    <th scope="col">Webhook URL</th>
                    {canEdit && (
                      <th scope="col">
                        <span className="visually-hidden">Actions</span>
                      </th>
                    )}
                  </tr>
                </thead>
                <tbody>
                  {items.map((account) => (
                    <ChannelAccountRow
                      key={account.id}
                      account={account}
                      queues={queues.data}
                      canEdit={canEdit}
                      columns={canEdit ? 6 : 5}
                    />
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryState>
    </AdminPage>
  );
}
