'use client';
import type { Device } from '@relay/contracts';
// The "My devices" section (/admin/devices): the signed-in operator's own
// browsers and phones, marked where one is this browser (its deviceId from
// the session store), with platform, when it was last active and whether it
// can receive pushes. Removing one (DELETE /devices/:deviceId) stops its
// pushes; it asks first, since a phone stays silent until it registers again.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { deviceQueries, deviceRequests } from '../../data/devices.ts';
import { useNow } from '../../lib/use-now.ts';
import { AdminList, type ListTable, useRefetch } from '../admin/ui/admin-crud.tsx';
import { AdminPage, FormError, LastSeen, ui } from '../admin/ui/admin-ui.tsx';
import { ConfirmAction } from '../admin/ui/confirm-delete.tsx';
import { deviceId } from '../auth/session-store.ts';
import styles from './devices-admin.module.css';

const PLATFORM: Record<Device['platform'], string> = { android: 'Android', ios: 'iOS', web: 'Web' };
const TYPE: Record<Device['deviceType'], string> = { mobile: 'Phone', desktop: 'Desktop app', web: 'Browser' };
const TABLE: ListTable = {
  label: 'My devices',
  what: 'your devices',
  columns: ['Device', 'Platform', 'Last active', 'Push', 'Status'],
};

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
      <AdminList
        query={devices}
        table={TABLE}
        empty="No devices yet. Devices appear here when you sign in on them."
        row={(device) => (
          <DeviceRow key={device.id} device={device} isThis={device.deviceId === thisDevice} now={now} />
        )}
      />
    </AdminPage>
  );
}

function DeviceRow({ device, isThis, now }: { device: Device; isThis: boolean; now: number }) {
  const changed = useRefetch(deviceQueries.mine().queryKey);
  const remove = useMutation({
    mutationFn: () => deviceRequests.remove(device.deviceId),
    onSuccess: () => void changed(),
  });
  const label = device.name ?? TYPE[device.deviceType];
  const what = isThis ? 'this browser' : label;
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
        <LastSeen at={device.lastActiveAt} now={now} />
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
          <ConfirmAction
            verb="Remove"
            what={what}
            groupLabel={`Confirm removing ${what}`}
            consequence={
              isThis
                ? 'It gets no notifications until you sign in here again.'
                : 'It gets no more notifications until it registers again.'
            }
            pendingLabel="Removing…"
            pending={remove.isPending}
            onConfirm={() => remove.mutate()}
          />
        )}
        <FormError error={remove.error} />
      </td>
    </tr>
  );
}
