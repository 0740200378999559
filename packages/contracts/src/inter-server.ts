// Messages between Relay's own processes over Redis, not seen by clients:
// the API (or any writer) telling every gateway node that operators' access
// changed, with the access itself, so each node moves their live sockets'
// rooms the moment the message arrives, in order with the events after it.
import { z } from 'zod';
import { operatorRole } from './enums.ts';

/** What decides an operator's rooms: role (supervisors see all), whether active, and queue memberships. */
export const operatorAccess = z.object({
  tenantId: z.uuid(),
  operatorId: z.uuid(),
  role: operatorRole,
  isActive: z.boolean(),
  queueIds: z.array(z.uuid()),
});
export type OperatorAccess = z.infer<typeof operatorAccess>;

/** `access:changed`: sent after the commit that changed a role, an activation or queue members. */
export const accessChangedMessage = z.object({ operators: z.array(operatorAccess).max(10_000) });
export type AccessChangedMessage = z.infer<typeof accessChangedMessage>;

/** Gateway node ↔ gateway node (and emitter → node) events of the Socket.IO server. */
export type InterServerEvents = {
  'access:changed': (message: AccessChangedMessage) => void;
};
