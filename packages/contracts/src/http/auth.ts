import { z } from 'zod';
import { operatorRole } from '../enums.ts';

export const loginBody = z.object({
  tenant: z.string().trim().toLowerCase().min(1).max(63),
  email: z.string().trim().toLowerCase().email().max(320),
  password: z.string().min(1).max(1024),
  deviceId: z.string().min(1).max(200).optional(),
});
export type LoginBody = z.infer<typeof loginBody>;

export const refreshBody = z.object({ refreshToken: z.string().min(20).max(500) });
export const logoutBody = z.object({ refreshToken: z.string().min(20).max(500).optional() });

export const operatorDto = z.object({
  id: z.uuid(),
  tenantId: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: operatorRole,
  availability: z.enum(['online', 'away', 'offline']),
  capacity: z.number().int(),
  isActive: z.boolean(),
});
export type OperatorDto = z.infer<typeof operatorDto>;

export const tokenPair = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  expiresIn: z.number().int(),
  operator: operatorDto,
});
export type TokenPair = z.infer<typeof tokenPair>;
