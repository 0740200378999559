import { z } from 'zod';
import { cursorParam, limitParam } from './common.ts';

export const listClientsQuery = z.object({
  q: z.string().trim().min(1).max(200).optional(),
  limit: limitParam(100, 30),
  cursor: cursorParam.optional(),
});

/** Spaces, dashes and brackets are dropped, so one number is one value however it was typed. */
const phone = z
  .string()
  .trim()
  .transform((value) => value.replace(/[\s().-]/g, ''))
  .pipe(z.string().regex(/^\+?\d{3,20}$/, 'a phone number is 3-20 digits, optionally after +'));

export const patchClientBody = z
  .object({
    name: z.string().trim().min(1).max(200).nullable().optional(),
    phone: phone.nullable().optional(),
    email: z.string().trim().toLowerCase().email().max(320).nullable().optional(),
    /** Merged into the stored attributes: keys given replace theirs, others stay. */
    attributes: z.record(z.string().max(100), z.unknown()).optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'nothing to change');
export type PatchClientBody = z.infer<typeof patchClientBody>;

export const mergeClientBody = z.object({
  /** The duplicate: its identities and conversations move to the client in the path. */
  mergedClientId: z.uuid(),
  reason: z.string().trim().max(500).optional(),
});
