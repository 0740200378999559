'use client';
import type { CreatedChannelAccount } from '../../data/channel-accounts.ts';
// The answer to creating an account, shown once: the webhook URL to give the
// provider and the secret it must send back. The secret is never shown again
// (the API keeps it sealed), so this says so and offers copy buttons.
import { ui } from '../admin/ui/admin-ui.tsx';
import { channelLabel } from '../conversations/conversation-row.tsx';
import { channelForm } from './channel-fields.ts';
import styles from './channels.module.css';
import { CopyText } from './copy-text.tsx';

export function CreatedAccountNotice({
  account,
  onDismiss,
}: {
  account: CreatedChannelAccount;
  onDismiss: () => void;
}) {
  const secretLabel = channelForm(account.channel).secretLabel;
  return (
    <section className={styles.notice} aria-labelledby="created-account-title">
      <h2 id="created-account-title" className={styles.noticeTitle}>
        {channelLabel(account.channel)} account “{account.name}” is ready
      </h2>
      <p className={ui.muted}>
        Give the provider this webhook URL{account.channel === 'whatsapp' ? ' and verify token' : ''}, and the{' '}
        {secretLabel.toLowerCase()} it must send back.
      </p>
      <dl className={styles.noticeRows}>
        {account.webhookUrl && (
          <>
            <dt>Webhook URL</dt>
            <dd>
              <CopyText value={account.webhookUrl} label="webhook URL" />
            </dd>
          </>
        )}
        {account.verifyToken && (
          <>
            <dt>Verify token</dt>
            <dd>
              <CopyText value={account.verifyToken} label="verify token" />
            </dd>
          </>
        )}
        <dt>{secretLabel}</dt>
        <dd>
          <CopyText value={account.secret} label={secretLabel.toLowerCase()} />
        </dd>
      </dl>
      <p className={styles.once} role="note">
        Save the {secretLabel.toLowerCase()} now: it will not be shown again.
      </p>
      <button type="button" className={ui.button} onClick={onDismiss}>
        Done, I have saved it
      </button>
    </section>
  );
}
