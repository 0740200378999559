import { z } from 'zod';
import { channelKind } from '../enums.ts';
import { isoTime } from './iso-time.ts';

export const autoReplyTrigger = z.enum(['keyword', 'greeting', 'away']);
export type AutoReplyTrigger = z.infer<typeof autoReplyTrigger>;

// Inbound text is matched word by word (see the webhook's auto replies), so a
// keyword with a space or punctuation in it could never match.
const keyword = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[\p{L}\p{N}]{1,100}$/u, 'a keyword is one word of letters and digits');

const fields = {
  name: z.string().trim().min(1).max(200),
  trigger: autoReplyTrigger,
  keywords: z
    .array(keyword)
    .max(50)
    .transform((list) => [...new Set(list)]),
  content: z.string().trim().min(1).max(4096),
  /** Empty: every channel. */
  channels: z
    .array(channelKind)
    .max(channelKind.options.length)
    .transform((list) => [...new Set(list)]),
  /** Higher wins when several keyword rules match. */
  priority: z.number().int().min(-1000).max(1000),
  isActive: z.boolean(),
};

const KEYWORDS_REQUIRED = 'a keyword rule needs at least one keyword';

export const createAutoReplyBody = z
  .object({
    name: fields.name,
    trigger: fields.trigger,
    keywords: fields.keywords.default([]),
    content: fields.content,
    channels: fields.channels.default([]),
    priority: fields.priority.default(0),
    isActive: fields.isActive.default(true),
  })
  .refine((body) => body.trigger !== 'keyword' || body.keywords.length > 0, {
    message: KEYWORDS_REQUIRED,
    path: ['keywords'],
  });
export type CreateAutoReplyBody = z.infer<typeof createAutoReplyBody>;

export const patchAutoReplyBody = z
  .object({
    name: fields.name.optional(),
    trigger: fields.trigger.optional(),
    keywords: fields.keywords.optional(),
    content: fields.content.optional(),
    channels: fields.channels.optional(),
    priority: fields.priority.optional(),
    isActive: fields.isActive.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'nothing to change')
  .refine((body) => body.trigger !== 'keyword' || body.keywords === undefined || body.keywords.length > 0, {
    message: KEYWORDS_REQUIRED,
    path: ['keywords'],
  });
export type PatchAutoReplyBody = z.infer<typeof patchAutoReplyBody>;

/** For the API, which checks the rule as it will be after a patch. */
export const autoReplyKeywordsRequired = KEYWORDS_REQUIRED;

/** An auto-reply rule as the API sends it. */
export const autoReply = z.object({
  id: z.uuid(),
  name: z.string(),
  trigger: autoReplyTrigger,
  keywords: z.array(z.string()),
  content: z.string(),
  /** Empty: every channel. */
  channels: z.array(channelKind),
  priority: z.number().int(),
  isActive: z.boolean(),
  createdAt: isoTime,
  updatedAt: isoTime,
});
export type AutoReply = z.infer<typeof autoReply>;

export const autoReplyList = z.object({ items: z.array(autoReply) });
