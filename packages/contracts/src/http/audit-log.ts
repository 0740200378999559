import { z } from 'zod';
import { cursorParam, limitParam } from './common.ts';

export const auditLogQuery = z.object({
  limit: limitParam(200, 50),
  cursor: cursorParam.optional(),
});
