'use client';
// One channel account in the table: what it is, where it routes, whether its
// webhook is alive, and its webhook URL to copy. Admins switch it on or off
// here and edit its name and queue in a panel beneath; others only read.
import type { ChannelAccount, Queue } from '@relay/contracts';
import { fullTime, relativeAge } from '../../lib/format-time.ts';
import { PanelButton, RowError, RowPanel, usePanel } from '../admin/ui/admin-crud.tsx';
import { ui } from '../admin/ui/admin-ui.tsx';
import rowStyles from '../conversations/conversation-row.module.css';
import { channelLabel } from '../conversations/conversation-row.tsx';
import { ChannelAccountEditForm } from './channel-account-edit-form.tsx';
import styles from './channels.module.css';
import { CopyText } from './copy-text.tsx';
import { useUpdateAccount } from './use-update-account.ts';

export function ChannelAccountRow({
  account,
  queues,
  canEdit,
  columns,
}: {
  account: ChannelAccount;
  queues: Queue[] | undefined;
  canEdit: boolean;
  columns: number;
}) {
  const edit = usePanel();
  const toggleActive = useUpdateAccount(account.id);

  const queueName = account.queueId ? (queues?.find((queue) => queue.id === account.queueId)?.name ?? '…') : 'No queue';

  return (
    <>
      <tr data-testid="channel-account-row" className={edit.open ? ui.activeRow : undefined}>
        <th scope="row" className={`${ui.rowHeader} ${styles.rowHeader}`}>
          <span className={styles.account}>{account.name}</span>
          <span className={styles.external} title="External account id">
            {account.externalAccountId}
          </span>
        </th>
        <td>
          <span className={rowStyles.channel} data-channel={account.channel}>
            {channelLabel(account.channel)}
          </span>
        </td>
        <td>{queueName}</td>
        <td>
          <span className={styles.status}>
            <span className={account.isActive ? ui.ok : ui.badge}>{account.isActive ? 'Active' : 'Inactive'}</span>
            <span className={styles.seen} title={account.lastWebhookAt ? fullTime(account.lastWebhookAt) : undefined}>
              {account.lastWebhookAt
                ? `Last webhook ${relativeAge(account.lastWebhookAt, Date.now())}`
                : 'No webhook yet'}
            </span>
            {account.lastError && (
              <span className={styles.lastError}>
                Last error: {account.lastError}
                {account.errorCount > 1 ? ` (${account.errorCount} errors)` : ''}
              </span>
            )}
          </span>
        </td>
        <td className={styles.webhookCell}>
          {account.webhookUrl ? <CopyText value={account.webhookUrl} label={`webhook URL of ${account.name}`} /> : '—'}
          {account.verifyToken && (
            <span className={styles.verify}>
              Verify token <CopyText value={account.verifyToken} label={`verify token of ${account.name}`} />
            </span>
          )}
        </td>
        {canEdit && (
          <td className={`${ui.actionsCell} ${styles.actionsCell}`}>
            <div className={ui.rowActions}>
              <PanelButton open={edit.open} label={`Edit ${account.name}`} onClick={edit.toggle}>
                Edit
              </PanelButton>
              <button
                type="button"
                className={ui.button}
                aria-label={`${account.isActive ? 'Deactivate' : 'Activate'} ${account.name}`}
                title={account.isActive ? 'Its webhook is refused until it is activated again' : undefined}
                disabled={toggleActive.isPending}
                onClick={() => toggleActive.mutate({ isActive: !account.isActive })}
              >
                {account.isActive ? 'Deactivate' : 'Activate'}
              </button>
            </div>
          </td>
        )}
      </tr>
      <RowError columns={columns} error={toggleActive.error} />
      {edit.open && (
        <RowPanel columns={columns}>
          <ChannelAccountEditForm account={account} queues={queues} onDone={edit.close} />
        </RowPanel>
      )}
    </>
  );
}
