import { z } from 'zod';
import { isoTime } from './iso-time.ts';

// Only scopes some route honours (requireScope); a scope that unlocks nothing would mislead integrators.
export const apiKeyScope = z.enum(['conversations:read', 'conversations:write', 'events:read']);
export type ApiKeyScope = z.infer<typeof apiKeyScope>;

export const createApiKeyBody = z.object({
  name: z.string().trim().min(1).max(200),
  scopes: z
    .array(apiKeyScope)
    .min(1)
    .max(apiKeyScope.options.length)
    .transform((scopes) => [...new Set(scopes)]),
  expiresAt: z.iso
    .datetime({ offset: true })
    .refine((at) => Date.parse(at) > Date.now(), 'must be in the future')
    .optional(),
});
export type CreateApiKeyBody = z.infer<typeof createApiKeyBody>;

/** An API key as the API lists it: never the key itself, nor its hash. */
export const apiKey = z.object({
  id: z.uuid(),
  name: z.string(),
  /** rk_<8 hex>: names the key in lists and logs. */
  prefix: z.string(),
  scopes: z.array(apiKeyScope),
  createdBy: z.uuid().nullable(),
  expiresAt: isoTime.nullable(),
  revokedAt: isoTime.nullable(),
  lastUsedAt: isoTime.nullable(),
  createdAt: isoTime,
});
export type ApiKey = z.infer<typeof apiKey>;

export const apiKeyList = z.object({ items: z.array(apiKey) });

/** POST /api-keys: the key, shown this once. */
export const createdApiKey = apiKey.extend({ key: z.string() });
export type CreatedApiKey = z.infer<typeof createdApiKey>;
