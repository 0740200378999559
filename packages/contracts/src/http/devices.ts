import { z } from 'zod';
import { isoTime } from './iso-time.ts';

/** The app's own id for its install: not a UUID, so it has its own parameter. */
export const deviceParams = z.object({
  deviceId: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[A-Za-z0-9._:-]+$/, '1-200 of A-Z a-z 0-9 . _ : -'),
});

export const putDeviceBody = z.object({
  deviceType: z.enum(['mobile', 'desktop', 'web']),
  platform: z.enum(['android', 'ios', 'web']),
  name: z.string().trim().min(1).max(200).optional(),
  /** Absent keeps the stored token; a token another device of this workspace holds moves here. */
  fcmToken: z.string().min(1).max(4096).optional(),
});
export type PutDeviceBody = z.infer<typeof putDeviceBody>;

/** One of the caller's devices as the API sends it: whether it has a push token, never the token. */
export const device = z.object({
  id: z.uuid(),
  deviceId: z.string(),
  deviceType: putDeviceBody.shape.deviceType,
  platform: putDeviceBody.shape.platform,
  name: z.string().nullable(),
  hasFcmToken: z.boolean(),
  isActive: z.boolean(),
  lastActiveAt: isoTime.nullable(),
  pushFailures: z.number().int().min(0),
  createdAt: isoTime,
});
export type Device = z.infer<typeof device>;

export const deviceList = z.object({ items: z.array(device) });
