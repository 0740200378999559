// Devices: the signed-in operator's own devices (GET /devices), where their
// push notifications go, and removing one. Nobody sees anyone else's devices,
// so the cache entry is the caller's alone.
import { apiRoutes } from '@relay/contracts';
import { queryOptions } from '@tanstack/react-query';
import { call } from '../lib/api.ts';

const routes = apiRoutes.devices;

export const deviceQueries = {
  mine: () =>
    queryOptions({
      queryKey: ['devices'] as const,
      queryFn: () => call(routes.listDevices),
    }),
};

export const deviceRequests = {
  /** By the device's own id (the one the browser or phone made up), not the row id. */
  remove: (deviceId: string) => call(routes.deactivateDevice, { params: { deviceId } }),
};
