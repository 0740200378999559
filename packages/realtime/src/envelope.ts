import type { EventEnvelope } from '@relay/contracts';
import type { EventRow } from '@relay/db';

/** What a socket receives as `event` (SPEC section 3); the schema lives in @relay/contracts. */
export type { EventEnvelope };

export function toEnvelope(row: EventRow): EventEnvelope {
  return { seq: row.seq, type: row.type, tenantId: row.tenantId, at: row.createdAt.toISOString(), data: row.payload };
}
