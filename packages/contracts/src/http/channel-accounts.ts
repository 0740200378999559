import { z } from 'zod';
import { channelKind } from '../enums.ts';
import { isoTime } from './iso-time.ts';

const telegramCredentials = z.object({ botToken: z.string().regex(/^\d+:[\w-]{20,}$/, 'must look like 123456:ABC-…') });
const whatsappCredentials = z.object({
  accessToken: z.string().min(20).max(1000),
  phoneNumberId: z
    .string()
    .regex(/^\d{5,30}$/)
    .optional(),
});
/** VK, Avito, MAX, web forms, phone systems and the api channel reply through a callback. */
const callbackCredentials = z.object({ callbackUrl: z.url({ protocol: /^https?$/ }).optional() });

export const createChannelAccountBody = z
  .object({
    channel: channelKind,
    name: z.string().trim().min(1).max(200),
    externalAccountId: z.string().trim().min(1).max(200),
    credentials: z.record(z.string(), z.unknown()).default({}),
    queueId: z.uuid().nullable().optional(),
    /** The value the provider sends back or signs with; generated when absent. */
    secret: z.string().min(16).max(500).optional(),
  })
  .superRefine((body, ctx) => {
    const schema =
      body.channel === 'telegram'
        ? telegramCredentials
        : body.channel === 'whatsapp'
          ? whatsappCredentials
          : callbackCredentials;
    const result = schema.safeParse(body.credentials);
    if (!result.success) {
      for (const issue of result.error.issues) {
        ctx.addIssue({ code: 'custom', path: ['credentials', ...issue.path.map(String)], message: issue.message });
      }
    }
    if (body.channel === 'telegram' && body.secret && !/^[A-Za-z0-9_-]{1,256}$/.test(body.secret)) {
      ctx.addIssue({
        code: 'custom',
        path: ['secret'],
        message: 'Telegram secret tokens are 1-256 of A-Z a-z 0-9 _ -',
      });
    }
  });
export type CreateChannelAccountBody = z.infer<typeof createChannelAccountBody>;

export const patchChannelAccountBody = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    queueId: z.uuid().nullable().optional(),
    isActive: z.boolean().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'nothing to change');

/**
 * A channel account as the API sends it: never its secret or credentials. Supervisors and up also
 * get the webhook URL (and, for WhatsApp, the verify token the provider's handshake checks).
 */
export const channelAccount = z.object({
  id: z.uuid(),
  channel: channelKind,
  name: z.string(),
  externalAccountId: z.string(),
  queueId: z.uuid().nullable(),
  isActive: z.boolean(),
  hasCredentials: z.boolean(),
  lastWebhookAt: isoTime.nullable(),
  errorCount: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: isoTime,
  webhookUrl: z.string().optional(),
  verifyToken: z.string().optional(),
});
export type ChannelAccount = z.infer<typeof channelAccount>;

export const channelAccountList = z.object({ items: z.array(channelAccount) });

/** POST /channel-accounts: the secret, shown this once. */
export const createdChannelAccount = channelAccount.extend({ secret: z.string() });
