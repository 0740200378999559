import { z } from 'zod';
import { tokenPair } from './auth.ts';
import { isoTime } from './iso-time.ts';
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

/** POST /tenants: the new workspace, and its owner logged in. */
export const signUpResult = tokenPair.extend({
  tenant: z.object({ id: z.uuid(), name: z.string(), slug: z.string() }),
});
export type SignUpResult = z.infer<typeof signUpResult>;

/**
 * The ceiling an owner may set each plan limit to: high enough for any real
 * workspace, low enough that a typo cannot switch a limit off.
 */
export const TENANT_LIMIT_MAXIMA = {
  maxOperators: 10_000,
  maxDialogsPerMonth: 100_000_000,
  maxConcurrentUsers: 100_000,
  maxEventsPerSecond: 10_000,
  maxJoinsPerSecond: 10_000,
  maxChannelsPerClient: 10_000,
} as const;
export type TenantLimitName = keyof typeof TENANT_LIMIT_MAXIMA;

const limitUpTo = (max: number) => z.number().int().min(1, 'at least 1').max(max, `at most ${max}`);

/** PATCH /tenant (owner): the name and any of the limits; the slug and plan stay. */
export const patchTenantBody = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    limits: z
      .object({
        maxOperators: limitUpTo(TENANT_LIMIT_MAXIMA.maxOperators).optional(),
        maxDialogsPerMonth: limitUpTo(TENANT_LIMIT_MAXIMA.maxDialogsPerMonth).optional(),
        maxConcurrentUsers: limitUpTo(TENANT_LIMIT_MAXIMA.maxConcurrentUsers).optional(),
        maxEventsPerSecond: limitUpTo(TENANT_LIMIT_MAXIMA.maxEventsPerSecond).optional(),
        maxJoinsPerSecond: limitUpTo(TENANT_LIMIT_MAXIMA.maxJoinsPerSecond).optional(),
        maxChannelsPerClient: limitUpTo(TENANT_LIMIT_MAXIMA.maxChannelsPerClient).optional(),
      })
      .optional(),
  })
  .refine(
    (body) => body.name !== undefined || Object.values(body.limits ?? {}).some((value) => value !== undefined),
    'nothing to change',
  );
export type PatchTenantBody = z.infer<typeof patchTenantBody>;

const count = z.number().int();

/** GET /tenant: the caller's workspace, its plan limits and how much of them is used. */
export const currentTenant = z.object({
  id: z.uuid(),
  name: z.string(),
  slug: z.string(),
  plan: z.string(),
  limits: z.object({
    maxOperators: count,
    maxDialogsPerMonth: count,
    maxConcurrentUsers: count,
    maxEventsPerSecond: count,
    maxJoinsPerSecond: count,
    maxChannelsPerClient: count,
  }),
  usage: z.object({
    /** What maxOperators counts. */
    activeOperators: count,
    /** Conversations created since the start of this calendar month (UTC): what maxDialogsPerMonth counts. */
    dialogsThisMonth: count,
  }),
  createdAt: isoTime,
});
export type CurrentTenant = z.infer<typeof currentTenant>;
