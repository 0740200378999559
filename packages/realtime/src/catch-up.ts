// Owns catching a client up by seq: the one rule behind GET /events and the
// socket's `sync`. A client too far behind (or ahead, after a restore) gets
// reset: true and must refetch its screens instead of replaying events.
import { CATCH_UP_BOUND, CATCH_UP_PAGE_MAX, type EventEnvelope } from '@relay/contracts';
import {
  latestSeq,
  readVisibleEnvelopePage,
  readVisibleEvents,
  readVisibleEventTexts,
  type Sql,
  type Viewer,
  withTenant,
} from '@relay/db';
import { envelopeJson, toEnvelope } from './envelope.ts';

// The constants live in @relay/contracts: the browser client pages by them too.
export { CATCH_UP_BOUND, CATCH_UP_PAGE_MAX };

export type CatchUp = { events: EventEnvelope[]; latestSeq: number; reset: boolean };

export function needsReset(after: number, latest: number, bound = CATCH_UP_BOUND): boolean {
  return after > latest || latest - after > bound;
}

/** The events after `after` that this viewer may see, oldest first, or reset. */
export async function catchUp(
  sql: Sql,
  viewer: Viewer,
  tenantId: string,
  after: number,
  limit = CATCH_UP_PAGE_MAX,
  /** CATCH_UP_BOUND unless a test needs a smaller one. */
  bound = CATCH_UP_BOUND,
): Promise<CatchUp> {
  return withTenant(sql, tenantId, async (tx) => {
    const latest = await latestSeq(tx, tenantId);
    if (needsReset(after, latest, bound)) return { events: [], latestSeq: latest, reset: true };
    const rows = await readVisibleEvents(tx, tenantId, viewer, after, Math.min(limit, CATCH_UP_PAGE_MAX));
    return { events: rows.map(toEnvelope), latestSeq: latest, reset: false };
  });
}

/** catchUp with its events as one JSON array text (for a socket that sends them on unparsed). */
export type CatchUpJson = {
  eventsJson: string;
  latestSeq: number;
  reset: boolean;
  /** How many events the page holds, and the last one's seq (null when none). */
  count: number;
  lastSeq: number | null;
};

/**
 * catchUp for the socket's `sync`: the same events, as the text of their JSON array, built from
 * each payload's stored text without parsing it (a page of 1,000 costs a few ms instead of parsing,
 * camelCasing and serialising every event again). PostgreSQL joins the page into one text
 * (readVisibleEnvelopePage), so the driver decodes one value, not a row per event.
 */
export async function catchUpJson(
  sql: Sql,
  viewer: Viewer,
  tenantId: string,
  after: number,
  limit = CATCH_UP_PAGE_MAX,
  bound = CATCH_UP_BOUND,
): Promise<CatchUpJson> {
  return withTenant(sql, tenantId, async (tx) => {
    const latest = await latestSeq(tx, tenantId);
    if (needsReset(after, latest, bound)) {
      return { eventsJson: '[]', latestSeq: latest, reset: true, count: 0, lastSeq: null };
    }
    const pageLimit = Math.min(limit, CATCH_UP_PAGE_MAX);
    const page = await readVisibleEnvelopePage(tx, tenantId, viewer, after, pageLimit);
    if (page)
      return { eventsJson: page.json, latestSeq: latest, reset: false, count: page.count, lastSeq: page.lastSeq };
    // A payload with a key to camelCase: read row by row, rewriting those payloads.
    const rows = await readVisibleEventTexts(tx, tenantId, viewer, after, pageLimit);
    return {
      eventsJson: `[${rows.map(envelopeJson).join(',')}]`,
      latestSeq: latest,
      reset: false,
      count: rows.length,
      lastSeq: rows.at(-1)?.seq ?? null,
    };
  });
}
