// Devices: the signed-in operator's own devices (GET /devices), where their
// push notifications go, and removing one. Nobody sees anyone else's devices,
// so the cache entry is the caller's alone.
import { queryOptions } from '@tanstack/react-query';
import { api } from '../lib/api.ts';

/** A device as GET /devices answers (deviceDto in the API); the push token itself never leaves the server. */
export type Device = {
  id: string;
  deviceId: string;
  deviceType: 'mobile' | 'desktop' | 'web';
  platform: 'android' | 'ios' | 'web';
  name: string | null;
  hasFcmToken: boolean;
  isActive: boolean;
  lastActiveAt: string | null;
  pushFailures: number;
  createdAt: string;
};

export const deviceQueries = {
  mine: () =>
    queryOptions({
      queryKey: ['devices'] as const,
      queryFn: () => api<{ items: Device[] }>('/devices'),
    }),
};

export const deviceRequests = {
  /** By the device's own id (the one the browser or phone made up), not the row id. */
  remove: (deviceId: string) => api<void>(`/devices/${encodeURIComponent(deviceId)}`, { method: 'DELETE' }),
};
