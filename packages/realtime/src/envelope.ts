import type { EventRow } from '@relay/db';

/** What a socket receives as `event` (SPEC section 3). */
export type EventEnvelope = {
  seq: number;
  type: string;
  tenantId: string;
  at: string;
  data: Record<string, unknown>;
};

export function toEnvelope(row: EventRow): EventEnvelope {
  return { seq: row.seq, type: row.type, tenantId: row.tenantId, at: row.createdAt.toISOString(), data: row.payload };
}
