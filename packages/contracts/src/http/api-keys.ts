import { z } from 'zod';

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
