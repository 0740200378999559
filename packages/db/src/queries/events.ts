// Owns the realtime event log. appendEvents takes a transaction's seqs from
// the tenant's counter row in one statement: the row lock is held until
// commit, so seqs are gapless and commit in order, and a reader that has seen
// seq N and asks for "after N" can never miss one that commits later. Events
// are appended last in a transaction, so that lock lasts one statement and
// the commit.
import type { EventData, EventDataInput, EventType } from '@relay/contracts';
import postgres from 'postgres';
import type { Queryable, Tx } from '../create-db.ts';
import { type EventAudience, eventsVisibleTo, type Viewer } from './visibility.ts';

export type EventRow = {
  tenantId: string;
  seq: number;
  type: string;
  conversationId: string | null;
  audience: EventAudience;
  payload: Record<string, unknown>;
  createdAt: Date;
};

/**
 * A row as its writer typed it, narrowed by `type`: what NewEvent let into the log, as JSON gives
 * it back (ISO text for Dates). Rows written around NewEvent (the demo seed, tests) may carry less.
 */
export type TypedEventRow<T extends EventType = EventType> = {
  [K in T]: Omit<EventRow, 'type' | 'payload'> & { type: K; payload: EventData<K> };
}[T];

/** What the log stores: any type, any JSON payload (the writers' types are NewEvent's). */
export type LogEvent = {
  type: string;
  conversationId?: string | null;
  audience?: EventAudience;
  payload: Record<string, unknown>;
};

/**
 * An event a writer emits, typed by its type (@relay/contracts, events/): a
 * payload that is not its type's does not compile. Types only: nothing is
 * parsed on the way to the log.
 */
export type NewEvent<T extends EventType = EventType> = {
  [K in T]: Omit<LogEvent, 'type' | 'payload'> & { type: K; payload: EventDataInput<K> };
}[T];

/**
 * Pages of events read their JSON as text and parse it here. The driver's camelCase pass over json
 * values rebuilds every nested object key by key with a fresh object per key: most of a catch-up
 * page's CPU (bench scenario 5). camelJson gives the same keys (the driver's own toCamel), and
 * leaves an object alone when none of its keys has an underscore, which is nearly always.
 */
type EventTextRow = Omit<EventRow, 'audience' | 'payload'> & { audience: string; payload: string };

function eventColumns(tx: Queryable) {
  return tx`e.tenant_id, e.seq, e.type, e.conversation_id, e.audience::text as audience,
            e.payload::text as payload, e.created_at`;
}

function parseEventRow(row: EventTextRow): EventRow {
  return {
    ...row,
    audience: camelJson(JSON.parse(row.audience)) as EventAudience,
    payload: camelJson(JSON.parse(row.payload)) as Record<string, unknown>,
  };
}

/** What `transform: postgres.camel` does to a json value, without copying what needs no change. */
function camelJson(value: unknown): unknown {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = camelJson(value[i]);
    return value;
  }
  if (value === null || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  let renamed = false;
  for (const key in object) {
    object[key] = camelJson(object[key]);
    if (key.includes('_')) renamed = true;
  }
  if (!renamed) return object;
  const out: Record<string, unknown> = {};
  for (const key in object) out[key.includes('_') ? postgres.toCamel(key) : key] = object[key];
  return out;
}

/**
 * Appends a transaction's events in one statement: the tenant's counter moves
 * by their number once, so its row lock is held from this statement to commit
 * and no longer. Call it last in the transaction (writeWithEvents does).
 * Rows come back in seq order, their JSON as stored (camelJson, as a read gives).
 */
export async function appendEvents(tx: Tx, tenantId: string, events: readonly LogEvent[]): Promise<EventRow[]> {
  return appendTenantEvents(tx, [{ tenantId, events }]);
}

/**
 * Several tenants' events in one statement (group-commit ingest): each
 * tenant's counter moves once, the counters locked in tenant id order (two
 * batches cannot deadlock), and each tenant's events take the next seqs in
 * the order given. Inside a tenant (row-level security) only that tenant's
 * events can be appended; over several, it runs as the schema owner
 * (TenantSteps.system). Rows come back tenant by tenant, as given.
 */
export async function appendTenantEvents(
  tx: Tx,
  groups: readonly { tenantId: string; events: readonly LogEvent[] }[],
): Promise<EventRow[]> {
  const all = groups.flatMap(({ tenantId, events }) => events.map((event) => ({ tenantId, event })));
  if (all.length === 0) return [];
  const payloads = all.map(({ event }) => JSON.stringify(event.payload));
  const audiences = all.map(({ event }) => JSON.stringify(event.audience ?? {}));
  const rows = await tx<{ tenantId: string; seq: number; createdAt: Date }[]>`
    with e as (
      select * from unnest(${tx.array(all.map((e) => e.tenantId))}::uuid[],
                           ${tx.array(all.map((e) => e.event.type))}::text[],
                           ${tx.array(all.map((e) => e.event.conversationId ?? null))}::uuid[],
                           ${tx.array(audiences)}::text[],
                           ${tx.array(payloads)}::text[])
               with ordinality as e(tenant_id, type, conversation_id, audience, payload, ord)
    ), counts as (
      select tenant_id, count(*) as n from e group by tenant_id
    ), next as (
      update tenants t set event_seq = t.event_seq + c.n
        from (select l.id, counts.n from tenants l join counts on counts.tenant_id = l.id
               order by l.id for no key update of l) c
       where t.id = c.id
      returning t.id, t.event_seq, c.n
    )
    insert into events (tenant_id, seq, type, conversation_id, audience, payload)
    select e.tenant_id, next.event_seq - next.n + row_number() over (partition by e.tenant_id order by e.ord),
           e.type, e.conversation_id, e.audience::jsonb, e.payload::json
      from e join next on next.id = e.tenant_id
    returning tenant_id, seq, created_at`.execute();
  if (rows.length !== all.length) {
    const missing = groups.filter((g) => g.events.length > 0 && !rows.some((row) => row.tenantId === g.tenantId));
    throw new Error(`tenant ${missing.map((g) => g.tenantId).join(', ')} is not visible to this transaction`);
  }
  const first = new Map<string, number>();
  const createdAt = new Map<string, Date>();
  for (const row of rows) {
    const seq = Number(row.seq);
    if (seq < (first.get(row.tenantId) ?? Number.POSITIVE_INFINITY)) first.set(row.tenantId, seq);
    createdAt.set(row.tenantId, row.createdAt);
  }
  const next = new Map<string, number>();
  return all.map(({ tenantId, event }, i) => {
    const seq = next.get(tenantId) ?? (first.get(tenantId) as number);
    next.set(tenantId, seq + 1);
    return {
      tenantId,
      seq,
      type: event.type,
      conversationId: event.conversationId ?? null,
      audience: camelJson(JSON.parse(audiences[i] as string)) as EventAudience,
      payload: camelJson(JSON.parse(payloads[i] as string)) as Record<string, unknown>,
      createdAt: createdAt.get(tenantId) as Date,
    };
  });
}

export async function appendEvent(tx: Tx, tenantId: string, event: LogEvent): Promise<EventRow> {
  const [row] = await appendEvents(tx, tenantId, [event]);
  return row as EventRow;
}

/** Events after a seq, oldest first. Run it inside withTenant. */
export async function readEvents(
  tx: Queryable,
  tenantId: string,
  afterSeq: number,
  limit: number,
): Promise<EventRow[]> {
  const rows = await tx<EventTextRow[]>`
    select ${eventColumns(tx)} from events e
     where e.tenant_id = ${tenantId} and e.seq = any(${pageSeqs(tx, tenantId, null, afterSeq, limit)})
     order by e.seq`;
  return rows.map(parseEventRow);
}

/**
 * Events after a seq that this viewer may see, oldest first. Run it inside withTenant.
 * The visibility rule on the typed columns 0009_event_visibility.sql generates from `audience`
 * (eventsVisibleTo, visibility.ts): a cheap test with column statistics, so the planner can read
 * the primary key in seq order and stop after `limit` visible rows.
 */
export async function readVisibleEvents(
  tx: Queryable,
  tenantId: string,
  viewer: Viewer,
  afterSeq: number,
  limit: number,
): Promise<EventRow[]> {
  const rows = await tx<EventTextRow[]>`
    select ${eventColumns(tx)} from events e
     where e.tenant_id = ${tenantId} and e.seq = any(${pageSeqs(tx, tenantId, viewer, afterSeq, limit)})
     order by e.seq`;
  return rows.map(parseEventRow);
}

/**
 * The seqs of a page, chosen before any payload is read. When the statistics lag behind a log
 * that grew fast (a fresh tenant, a burst), the planner expects a handful of rows after `afterSeq`
 * and picks a bitmap scan and a sort over the whole tail instead of the ordered index scan; if the
 * payloads were in that select, every row of the tail would be read and converted for one page
 * (bench scenario 5: 85 ms for a page of 1,000 out of 5,000). Choosing seqs first bounds the
 * payload work to the page whatever the plan.
 */
function pageSeqs(tx: Queryable, tenantId: string, viewer: Viewer | null, afterSeq: number, limit: number) {
  const visible = viewer ? eventsVisibleTo(tx, tenantId, viewer) : tx`true`;
  return tx`array(select e.seq from events e
                   where e.tenant_id = ${tenantId} and e.seq > ${afterSeq} and ${visible}
                   order by e.seq
                   limit ${limit})`;
}

/** An event as a catch-up page sends it: the payload is JSON text, its keys as a read gives them. */
export type EventTextPageRow = Omit<EventRow, 'audience' | 'conversationId' | 'payload'> & { payload: string };

/**
 * A key with an underscore in a stored payload (`"a_b":`, or `"a_b": ` in the jsonb text of rows
 * written before 0011_event_payload_text.sql); may also match inside a string value, which costs
 * a parse only.
 */
const UNDERSCORE_KEY = /_(?:[^"\\]|\\.)*":/;

/**
 * readVisibleEvents for a page that is only passed on: each payload stays the text its writer
 * stored (0011_event_payload_text.sql), never parsed. Only a payload with a key that the driver would
 * camelCase (an underscore) is parsed and rewritten, so the parsed value equals readVisibleEvents'.
 */
export async function readVisibleEventTexts(
  tx: Queryable,
  tenantId: string,
  viewer: Viewer,
  afterSeq: number,
  limit: number,
): Promise<EventTextPageRow[]> {
  const rows = await tx<EventTextPageRow[]>`
    select e.tenant_id, e.seq, e.type, e.payload::text as payload, e.created_at from events e
     where e.tenant_id = ${tenantId} and e.seq = any(${pageSeqs(tx, tenantId, viewer, afterSeq, limit)})
     order by e.seq`;
  for (const row of rows) {
    if (UNDERSCORE_KEY.test(row.payload)) row.payload = JSON.stringify(camelJson(JSON.parse(row.payload)));
  }
  return rows;
}

/**
 * A page of envelopes as readVisibleEventTexts and envelopeJson would build them, joined with
 * commas by PostgreSQL into one text: the driver decodes one value instead of a row per event
 * (and a Date per row). The envelope's `at` is the timestamp to the millisecond in UTC, as
 * Date.toISOString writes it. Null when a payload has a key the driver would camelCase (an
 * underscore): such a page takes readVisibleEventTexts, which rewrites those payloads.
 */
export async function readVisibleEnvelopePage(
  tx: Queryable,
  tenantId: string,
  viewer: Viewer,
  afterSeq: number,
  limit: number,
): Promise<{ json: string; count: number; lastSeq: number | null } | null> {
  const [row] = await tx<{ count: number; lastSeq: number | null; body: string | null }[]>`
    select count(*)::int as count, max(e.seq) as last_seq,
           string_agg('{"seq":' || e.seq || ',"type":' || to_json(e.type)::text || ',"tenantId":"' || e.tenant_id ||
                      '","at":"' || to_char(e.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') ||
                      '","data":' || e.payload::text || '}', ',' order by e.seq) as body
      from events e
     where e.tenant_id = ${tenantId} and e.seq = any(${pageSeqs(tx, tenantId, viewer, afterSeq, limit)})`;
  const body = row?.body ?? '';
  if (UNDERSCORE_KEY.test(body)) return null;
  return { json: `[${body}]`, count: row?.count ?? 0, lastSeq: row?.lastSeq == null ? null : Number(row.lastSeq) };
}

/** The highest committed seq of a tenant (0 before its first event). */
export async function latestSeq(tx: Queryable, tenantId: string): Promise<number> {
  const [row] = await tx<{ eventSeq: number }[]>`select event_seq from tenants where id = ${tenantId}`;
  return row?.eventSeq ?? 0;
}
