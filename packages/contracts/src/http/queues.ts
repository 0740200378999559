import { z } from 'zod';
import { routingMode } from '../enums.ts';
import { isoTime } from './iso-time.ts';

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

/** A queue as the API sends it: its members' ids and how many open conversations wait in it or are assigned. */
export const queue = z.object({
  id: z.uuid(),
  name: z.string(),
  routingMode,
  slaPolicyId: z.uuid().nullable(),
  isDefault: z.boolean(),
  memberIds: z.array(z.uuid()),
  counts: z.object({ waiting: z.number().int().min(0), assigned: z.number().int().min(0) }),
  createdAt: isoTime,
  updatedAt: isoTime,
});
export type Queue = z.infer<typeof queue>;

export const queueList = z.object({ items: z.array(queue) });
