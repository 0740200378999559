import { z } from 'zod';
import { isoTime } from './iso-time.ts';

const tagName = z.string().trim().min(1).max(100);
/** Stored lower-case, so one colour is one value however it was typed. */
const tagColor = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, 'a colour is #rrggbb')
  .transform((color) => color.toLowerCase());

export const createTagBody = z.object({ name: tagName, color: tagColor.default('#64748b') });
export type CreateTagBody = z.infer<typeof createTagBody>;

export const patchTagBody = z
  .object({ name: tagName.optional(), color: tagColor.optional() })
  .refine((body) => Object.keys(body).length > 0, 'nothing to change');
export type PatchTagBody = z.infer<typeof patchTagBody>;

/** A tag as the API sends it. */
export const tag = z.object({
  id: z.uuid(),
  name: z.string(),
  /** #rrggbb, lower-case. */
  color: z.string(),
  createdAt: isoTime,
  updatedAt: isoTime,
});
export type Tag = z.infer<typeof tag>;

export const tagList = z.object({ items: z.array(tag) });
