import { z } from 'zod';
import { availability } from '../enums.ts';
import { newPassword, operatorName, operatorView } from './operators.ts';

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time is HH:MM, 00:00-23:59');

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** Notification preferences; each field given replaces the stored one, null clears quiet hours. */
export const notificationSettings = z.object({
  muted: z.boolean().optional(),
  quietHours: z
    .object({
      from: clockTime,
      to: clockTime,
      timezone: z.string().max(100).refine(isTimeZone, 'not an IANA time zone, e.g. Europe/Moscow'),
    })
    .nullable()
    .optional(),
  desktop: z.boolean().optional(),
  sound: z.boolean().optional(),
});
export type NotificationSettings = z.infer<typeof notificationSettings>;

export const patchMeBody = z
  .object({
    name: operatorName.optional(),
    availability: availability.optional(),
    settings: notificationSettings.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'nothing to change');
export type PatchMeBody = z.infer<typeof patchMeBody>;

export const changePasswordBody = z.object({
  currentPassword: z.string().min(1).max(1024),
  newPassword,
});

/**
 * The notification settings as stored: what PATCH /me wrote, field by field ({} until then). Loose,
 * so a key this version does not know reaches the caller as sent rather than being dropped.
 */
export const storedNotificationSettings = z.looseObject(notificationSettings.shape);

/** The caller as GET/PATCH /me send them: the staff view of an operator and their notification settings. */
export const meView = operatorView.extend({ settings: storedNotificationSettings });
export type MeView = z.infer<typeof meView>;
