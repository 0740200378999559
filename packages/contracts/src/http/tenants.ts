import { z } from 'zod';
import { newPassword, operatorEmail, operatorName } from './operators.ts';

/** What a workspace is called in URLs and at login: lower-case letters, digits and dashes. */
export const tenantSlug = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, '2-63 of a-z, 0-9 and -, not starting with -');

export const signUpBody = z.object({
  name: z.string().trim().min(1).max(200),
  slug: tenantSlug,
  owner: z.object({ name: operatorName, email: operatorEmail, password: newPassword }),
});
export type SignUpBody = z.infer<typeof signUpBody>;
