// Owns catching a client up by seq: the one rule behind GET /events and the
// socket's `sync`. A client too far behind (or ahead, after a restore) gets
// reset: true and must refetch its screens instead of replaying events.
import type { EventEnvelope } from '@relay/contracts';
import { latestSeq, readVisibleEvents, type Sql, type Viewer, withTenant } from '@relay/db';
import { toEnvelope } from './envelope.ts';

/** How far behind a client may be and still catch up event by event. */
export const CATCH_UP_BOUND = 10_000;

/** The most events one catch-up returns; a full page means "ask again after the last seq". */
export const CATCH_UP_PAGE_MAX = 1000;

export type CatchUp = { events: EventEnvelope[]; latestSeq: number; reset: boolean };

export function needsReset(after: number, latest: number): boolean {
  return after > latest || latest - after > CATCH_UP_BOUND;
}

/** The events after `after` that this viewer may see, oldest first, or reset. */
export async function catchUp(
  sql: Sql,
  viewer: Viewer,
  tenantId: string,
  after: number,
  limit = CATCH_UP_PAGE_MAX,
): Promise<CatchUp> {
  return withTenant(sql, tenantId, async (tx) => {
    const latest = await latestSeq(tx, tenantId);
    if (needsReset(after, latest)) return { events: [], latestSeq: latest, reset: true };
    const rows = await readVisibleEvents(tx, tenantId, viewer, after, Math.min(limit, CATCH_UP_PAGE_MAX));
    return { events: rows.map(toEnvelope), latestSeq: latest, reset: false };
  });
}
