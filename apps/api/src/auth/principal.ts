// Who a request acts as once authenticate (a bearer token) or api-key-auth (X-Api-Key) accepted it.
// A module of its own so both can name it without importing each other.
import type { OperatorRole } from '@relay/contracts';

export type Principal = {
  tenantId: string;
  operatorId: string;
  role: OperatorRole;
  sessionId: string;
  /** Set for X-Api-Key callers; operatorId and sessionId are then the key's id (see api-key-auth.ts). */
  apiKey?: { id: string; scopes: string[] };
};
