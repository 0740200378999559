// The body of FCM HTTP v1 `projects.messages.send`, as far as the stand-in
// checks it: a token target, string-only data, and the platform blocks with
// the fields Relay uses typed (others pass, as the real API has many more).
import { z } from 'zod';

const stringMap = z.record(z.string(), z.string());

/** A protobuf Duration in JSON: seconds with an `s` suffix. */
const duration = z.string().regex(/^\d+(\.\d{1,9})?s$/);

const androidConfig = z.looseObject({
  collapse_key: z.string().optional(),
  priority: z
    .string()
    .regex(/^(normal|high)$/i)
    .optional(),
  ttl: duration.optional(),
  restricted_package_name: z.string().optional(),
  data: stringMap.optional(),
  notification: z.looseObject({}).optional(),
});

const apnsConfig = z.looseObject({
  headers: stringMap.optional(),
  payload: z.looseObject({ aps: z.looseObject({}).optional() }).optional(),
});

const webpushConfig = z.looseObject({
  headers: stringMap.optional(),
  data: stringMap.optional(),
  notification: z.looseObject({}).optional(),
});

export const fcmV1MessageSchema = z.strictObject({
  name: z.string().optional(),
  token: z.string().min(1),
  notification: z.strictObject({ title: z.string(), body: z.string(), image: z.string() }).partial().optional(),
  data: stringMap.optional(),
  android: androidConfig.optional(),
  apns: apnsConfig.optional(),
  webpush: webpushConfig.optional(),
  fcm_options: z.looseObject({ analytics_label: z.string().optional() }).optional(),
});

export const fcmSendBodySchema = z.strictObject({
  message: fcmV1MessageSchema,
  validate_only: z.boolean().optional(),
});

export type FcmV1Message = z.infer<typeof fcmV1MessageSchema>;
