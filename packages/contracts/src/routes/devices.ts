// The caller's own devices (where their pushes go): anyone signed in, and only ever their own.
import { device, deviceList, deviceParams, putDeviceBody } from '../http/devices.ts';
import { defineRoute } from './define-route.ts';

const TAG = 'devices';

export const deviceRoutes = {
  listDevices: defineRoute({
    method: 'GET',
    path: '/devices',
    operationId: 'listDevices',
    summary: 'The caller’s devices',
    tag: TAG,
    responses: { 200: deviceList },
  }),
  registerDevice: defineRoute({
    method: 'PUT',
    path: '/devices/:deviceId',
    operationId: 'registerDevice',
    summary: 'Register or update one of the caller’s devices and its FCM token',
    tag: TAG,
    params: deviceParams,
    body: putDeviceBody,
    responses: { 200: device },
  }),
  deactivateDevice: defineRoute({
    method: 'DELETE',
    path: '/devices/:deviceId',
    operationId: 'deactivateDevice',
    summary: 'Deactivate a device (no more pushes)',
    tag: TAG,
    params: deviceParams,
    responses: { 204: null },
  }),
};
