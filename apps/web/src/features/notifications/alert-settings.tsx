'use client';
// The operator's alert switches in the nav: desktop notifications and sound
// for new client messages (PATCH /me {settings: {desktop, sound}}). Turning
// desktop on first asks the browser's permission; a refusal is explained,
// and the switch stays off.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, useSyncExternalStore } from 'react';
import { meQueries, meRequests } from '../../data/me.ts';
import { errorText } from '../../lib/api.ts';
import styles from './alert-settings.module.css';
import { playChime } from './chime.ts';

type AlertSwitches = { desktop?: boolean; sound?: boolean };

const BLOCKED =
  'Your browser blocks notifications from this site. Allow them in the site settings (the icon left of the address), then turn Desktop on again.';

// The browser's answer can change in its own settings; re-read it whenever the page re-renders.
const permissionNow = () => (typeof Notification === 'undefined' ? 'unsupported' : Notification.permission);
const noSubscription = () => () => undefined;

export function AlertSettings() {
  const queryClient = useQueryClient();
  const me = useQuery(meQueries.me());
  const [notice, setNotice] = useState<string | null>(null);
  const permission = useSyncExternalStore(noSubscription, permissionNow, () => 'default');
  const change = useMutation({
    mutationFn: (settings: AlertSwitches) => meRequests.patch({ settings }),
    onSuccess: (updated) => queryClient.setQueryData(meQueries.me().queryKey, updated),
  });
  const pending = change.isPending ? change.variables : {};
  const desktop = pending.desktop ?? me.data?.settings.desktop === true;
  const sound = pending.sound ?? me.data?.settings.sound === true;

  async function toggleDesktop() {
    setNotice(null);
    if (desktop) return change.mutate({ desktop: false });
    if (typeof Notification === 'undefined') return setNotice('This browser cannot show desktop notifications.');
    const answer = Notification.permission === 'granted' ? 'granted' : await Notification.requestPermission();
    if (answer === 'granted') return change.mutate({ desktop: true });
    setNotice(answer === 'denied' ? BLOCKED : 'Notifications were not allowed, so Desktop stays off.');
  }

  function toggleSound() {
    setNotice(null);
    // Playing it now lets the operator hear it, and lets the browser start audio later.
    if (!sound) playChime();
    change.mutate({ sound: !sound });
  }

  return (
    <div className={styles.wrap}>
      <fieldset className={styles.group} aria-label="Alerts for new messages">
        <legend className={styles.legend}>Alerts</legend>
        <button
          type="button"
          className={styles.choice}
          aria-pressed={desktop}
          disabled={me.isPending || change.isPending}
          onClick={() => void toggleDesktop()}
          title="A desktop notification for each new client message in your conversations and unassigned ones"
        >
          Desktop
        </button>
        <button
          type="button"
          className={styles.choice}
          aria-pressed={sound}
          disabled={me.isPending || change.isPending}
          onClick={toggleSound}
          title="A short sound for each new client message in your conversations and unassigned ones"
        >
          Sound
        </button>
      </fieldset>
      {desktop && !notice && permission !== 'granted' ? (
        <p className={styles.hint}>
          {permission === 'denied' ? BLOCKED : 'Desktop is on, but this browser has not allowed notifications yet.'}
        </p>
      ) : null}
      {notice ? (
        <p role="alert" className={styles.error}>
          {notice}
        </p>
      ) : null}
      {change.isError ? (
        <p role="alert" className={styles.error}>
          {errorText(change.error)}
        </p>
      ) : null}
    </div>
  );
}
