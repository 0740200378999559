import { z } from 'zod';
import { routingMode } from '../enums.ts';

const queueName = z.string().trim().min(1).max(200);

export const createQueueBody = z.object({
  name: queueName,
  routingMode: routingMode.default('manual'),
  slaPolicyId: z.uuid().nullable().default(null),
  /** The queue new channel accounts land in; making one the default takes it from the others. */
  isDefault: z.boolean().default(false),
});
export type CreateQueueBody = z.infer<typeof createQueueBody>;

export const patchQueueBody = z
  .object({
    name: queueName.optional(),
    routingMode: routingMode.optional(),
    slaPolicyId: z.uuid().nullable().optional(),
    isDefault: z.boolean().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'nothing to change');
export type PatchQueueBody = z.infer<typeof patchQueueBody>;

/** The whole member set: operators not listed leave the queue. */
export const putQueueMembersBody = z.object({ operatorIds: z.array(z.uuid()).max(1000) });
