import { z } from 'zod';

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
