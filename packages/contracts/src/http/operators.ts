import { z } from 'zod';
import { operatorRole } from '../enums.ts';
import { operatorDto } from './auth.ts';
import { isoTime } from './iso-time.ts';

export const operatorEmail = z.string().trim().toLowerCase().email().max(320);
export const operatorName = z.string().trim().min(1).max(200);
/** At least 8 characters; the upper bound keeps hashing cheap to refuse. */
export const newPassword = z.string().min(8, 'at least 8 characters').max(1024);
const capacity = z.number().int().min(0).max(1000);

export const listOperatorsQuery = z.object({ role: operatorRole.optional() });

export const createOperatorBody = z.object({
  email: operatorEmail,
  name: operatorName,
  role: operatorRole.default('operator'),
  /** Absent: the account exists but cannot log in until a password is set. */
  password: newPassword.optional(),
  capacity: capacity.optional(),
});
export type CreateOperatorBody = z.infer<typeof createOperatorBody>;

export const patchOperatorBody = z
  .object({
    name: operatorName.optional(),
    role: operatorRole.optional(),
    capacity: capacity.optional(),
    isActive: z.boolean().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'nothing to change');
export type PatchOperatorBody = z.infer<typeof patchOperatorBody>;

/** An operator as staff see one (lists, one operator): the token pair's operator and when they were last seen. */
export const operatorView = operatorDto.extend({
  lastSeenAt: isoTime.nullable(),
  createdAt: isoTime,
});
export type OperatorView = z.infer<typeof operatorView>;

export const operatorList = z.object({ items: z.array(operatorView) });
