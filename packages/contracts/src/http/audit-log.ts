import { z } from 'zod';
import { cursorParam, limitParam } from './common.ts';
import { isoTime } from './iso-time.ts';

export const auditLogQuery = z.object({
  limit: limitParam(200, 50),
  cursor: cursorParam.optional(),
});

/** One audit entry as the API sends it (without its tenant, and with who did it by name). */
export const auditLogEntry = z.object({
  id: z.uuid(),
  /** null: the system or an API key (see details); the name goes with it. */
  operatorId: z.uuid().nullable(),
  operatorName: z.string().nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  ip: z.string().nullable(),
  createdAt: isoTime,
});
export type AuditLogEntry = z.infer<typeof auditLogEntry>;

/** A page, newest first; nextCursor null on the last one. */
export const auditLogPage = z.object({ items: z.array(auditLogEntry), nextCursor: z.string().nullable() });
export type AuditLogPage = z.infer<typeof auditLogPage>;
