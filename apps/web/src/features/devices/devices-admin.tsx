'use client';
// The "My devices" section (/admin/devices): the signed-in operator's own
// browsers and phones, marked where one is this browser (its deviceId from
// the session store), with platform, when it was last active and whether it
// can receive pushes. Removing one (DELETE /devices/:deviceId) stops its
// pushes; it asks first, since a phone stays silent until it registers again.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { api } from '../../lib/api.ts';
import { fullTime, relativeAge } from '../../lib/format-time.ts';
import { useNow } from '../../lib/use-now.ts';
import { AdminPage, FormError, QueryState, ui } from '../admin/ui/admin-ui.tsx';
import { deviceId } from '../auth/session-store.ts';
import { type Device, deviceQueries } from './device-queries.ts';
import styles from './devices-admin.module.css';

const PLATFORM: Record<Device['platform'], string> = { android: 'Android', ios: 'iOS', web: 'Web' };
const TYPE: Record<Device['deviceType'], string> = { mobile: 'Phone', desktop: 'Desktop app', web: 'Browser' };

export function DevicesAdmin() {
  const devices = useQuery(deviceQueries.mine());
  const [thisDevice, setThisDevice] = useState<string | null>(null);
  // localStorage exists only in the browser: read after mount.
  useEffect(() => setThisDevice(deviceId()), []);
  const now = useNow(60_000);
  return (
    <AdminPage
      title="My devices"
      description="Where you are signed in and where your push notifications go. Remove a device you no longer use: it gets no more notifications."
    >
      <QueryState query={devices} what="your devices">
        {(data) =>
          data.items.length === 0 ? (
            <p className={ui.muted}>No devices yet. Devices appear here when you sign in on them.</p>
          ) : (
            <div className={styles.scroll}>
              <table className={ui.table} aria-label="My devices">
                <thead>
                  <tr>
                    <th scope="col">Device</th>
                    <th scope="col">Platform</th>
                    <th scope="col">Last active</th>
                    <th scope="col">Push</th>
                    <th scope="col">Status</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((device) => (
                    <DeviceRow key={device.id} device={device} isThis={device.deviceId === thisDevice} now={now} />
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

function DeviceRow({ device, isThis, now }: { device: Device; isThis: boolean; now: number }) {
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => api<void>(`/devices/${encodeURIComponent(device.deviceId)}`, { method: 'DELETE' }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: deviceQueries.mine().queryKey }),
  });
  const label = device.name ?? TYPE[device.deviceType];
  return (
    <tr data-testid="device-row" data-this-device={isThis ? 'true' : undefined}>
      <td className={styles.device}>
        <span className={styles.name}>
          {label}
          {isThis && <span className={ui.ok}>This browser</span>}
        </span>
        <span className={ui.mono} title={device.deviceId}>
          {device.deviceId}
        </span>
      </td>
      <td>{PLATFORM[device.platform]}</td>
      <td className={styles.when}>
        {device.lastActiveAt ? (
          <time dateTime={device.lastActiveAt} title={fullTime(device.lastActiveAt)}>
            {relativeAge(device.lastActiveAt, now)}
          </time>
        ) : (
          <span className={ui.muted}>never</span>
        )}
      </td>
      <td>
        {device.hasFcmToken ? (
          <span className={ui.ok}>Token registered</span>
        ) : (
          <span className={ui.badge}>No token</span>
        )}
        {device.pushFailures > 0 && (
          <span className={styles.failures}>
            {device.pushFailures} failed {device.pushFailures === 1 ? 'push' : 'pushes'}
          </span>
        )}
      </td>
      <td>
        <span className={device.isActive ? ui.ok : ui.badge}>{device.isActive ? 'Active' : 'Removed'}</span>
      </td>
      <td>
        {device.isActive && (
          <ConfirmRemove
            what={isThis ? 'this browser' : label}
            consequence={
              isThis
                ? 'It gets no notifications until you sign in here again.'
                : 'It gets no more notifications until it registers again.'
            }
            pending={remove.isPending}
            onConfirm={() => remove.mutate()}
          />
        )}
        <FormError error={remove.error} />
      </td>
    </tr>
  );
}

/** Remove, asked twice inline so a stray click or Enter changes nothing. */
function ConfirmRemove({
  what,
  consequence,
  pending,
  onConfirm,
}: {
  what: string;
  consequence: string;
  pending: boolean;
  onConfirm: () => void;
}) {
  const [asking, setAsking] = useState(false);
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) cancel.current?.focus();
  }, [asking]);
  if (!asking) {
    return (
      <div className={ui.rowActions}>
        <button type="button" className={ui.danger} aria-label={`Remove ${what}`} onClick={() => setAsking(true)}>
          Remove
        </button>
      </div>
    );
  }
  return (
    // biome-ignore lint/a11y/useSemanticElements: a fieldset would restyle the row; a group is what this is
    <span role="group" aria-label={`Confirm removing ${what}`} className={styles.confirm}>
      <span className={ui.muted}>
        Remove {what}? {consequence}
      </span>
      <span className={ui.rowActions}>
        <button
          type="button"
          className={ui.danger}
          disabled={pending}
          onClick={() => {
            onConfirm();
            setAsking(false);
          }}
        >
          {pending ? 'Removing…' : 'Remove'}
        </button>
        <button ref={cancel} type="button" className={ui.button} onClick={() => setAsking(false)}>
          Cancel
        </button>
      </span>
    </span>
  );
}
