import { z } from 'zod';
import { isoTime } from './iso-time.ts';

const title = z.string().trim().min(1).max(200);
/** What follows "/" in the composer. */
const shortcut = z
  .string()
  .trim()
  .regex(/^[a-z0-9_-]{1,50}$/, 'a shortcut is 1-50 of a-z 0-9 _ -');
const content = z.string().trim().min(1).max(10_000);
const category = z.string().trim().min(1).max(100).nullable();

export const createCannedResponseBody = z.object({
  title,
  shortcut,
  content,
  category: category.default(null),
  /** true: the whole workspace sees it (supervisors and up); false: the caller's own. */
  shared: z.boolean().default(false),
});
export type CreateCannedResponseBody = z.infer<typeof createCannedResponseBody>;

export const patchCannedResponseBody = z
  .object({
    title: title.optional(),
    shortcut: shortcut.optional(),
    content: content.optional(),
    category: category.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'nothing to change');
export type PatchCannedResponseBody = z.infer<typeof patchCannedResponseBody>;

export const listCannedResponsesQuery = z.object({ q: z.string().trim().min(1).max(200).optional() });

/** The composer inserted it; nothing to send. */
export const useCannedResponseBody = z.object({});

/** A canned response as the API sends it. */
export const cannedResponse = z.object({
  id: z.uuid(),
  title: z.string(),
  shortcut: z.string(),
  content: z.string(),
  category: z.string().nullable(),
  /** true: the workspace's (ownerId null); false: the caller's own. */
  shared: z.boolean(),
  ownerId: z.uuid().nullable(),
  usageCount: z.number().int().min(0),
  lastUsedAt: isoTime.nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
});
export type CannedResponse = z.infer<typeof cannedResponse>;

export const cannedResponseList = z.object({ items: z.array(cannedResponse) });
