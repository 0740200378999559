import type { EventEnvelope } from '@relay/contracts';
import type { EventRow, EventTextPageRow } from '@relay/db';

/** What a socket receives as `event` (SPEC section 3); the schema lives in @relay/contracts. */
export type { EventEnvelope };

export function toEnvelope(row: EventRow): EventEnvelope {
  return { seq: row.seq, type: row.type, tenantId: row.tenantId, at: row.createdAt.toISOString(), data: row.payload };
}

/**
 * toEnvelope as JSON text, the payload's text spliced in unparsed: the same keys in the same
 * order, so JSON.parse of it equals toEnvelope of the parsed row (only spacing may differ).
 */
export function envelopeJson(row: EventTextPageRow): string {
  return `{"seq":${row.seq},"type":${JSON.stringify(row.type)},"tenantId":${JSON.stringify(row.tenantId)},"at":"${row.createdAt.toISOString()}","data":${row.payload}}`;
}
