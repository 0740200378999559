// The SLA engine in the worker, against the real database: warnings and
// breaches within a second of their moments (and never early), a reply in
// time is met and never breached, a late one still breaches, resolving stops
// the first-response clock, and two workers fire each event exactly once.
import { loadConfig } from '@relay/config';
import {
  type ConversationRow,
  createChannelAccount,
  createQueue,
  createSlaPolicy,
  createTenant,
  type EventRow,
  findOrCreateClientByIdentity,
  findOrCreateConversation,
  getConversation,
  listSlaEvents,
  readEvents,
  recordMessageOnConversation,
  type SlaPolicyFields,
  withTenant,
} from '@relay/db';
import { uniqueSlug, useScratchDb } from '@relay/db/testing';
import { createLogger } from '@relay/logger';
import { createMetrics } from '@relay/metrics';
import { afterEach, describe, expect, it } from 'vitest';
import { createWorker, type Worker } from '../src/worker.ts';

// The engine scans every tenant: this file gets a database of its own.
const db = useScratchDb();
const config = loadConfig({ NODE_ENV: 'test' });
const metrics = createMetrics({ app: 'sla-test' });
let workers: Worker[] = [];

afterEach(async () => {
  await Promise.all(workers.map((worker) => worker.stop()));
  workers = [];
});

type Published = { event: EventRow; at: number };

/** A real worker (every loop, the SLA engine at its default one-second bound); publishes are timestamped. */
function startWorker(published: Published[] = []) {
  const worker = createWorker({
    sql: db(),
    logger: createLogger({ app: 'sla-test', level: 'silent' }),
    config,
    metrics,
    publisher: {
      publish: async (events) => {
        const at = Date.now();
        for (const event of events) published.push({ event, at });
      },
    },
  });
  workers.push(worker);
  return worker;
}

/** A tenant whose queue has this policy, with a channel account feeding the queue. */
async function world(policy: Partial<SlaPolicyFields>) {
  const sql = db();
  const slug = uniqueSlug('sla');
  const tenant = await createTenant(sql, { name: `SLA ${slug}`, slug });
  return withTenant(sql, tenant.id, async (tx) => {
    const sla = await createSlaPolicy(tx, tenant.id, {
      name: 'Fast',
      firstResponseSeconds: null,
      resolutionSeconds: null,
      warnAtPercent: 50,
      businessHours: null,
      conditions: {},
      isDefault: false,
      ...policy,
    });
    const queue = await createQueue(tx, tenant.id, {
      name: 'Q',
      routingMode: 'manual',
      slaPolicyId: sla.id,
      isDefault: true,
    });
    const account = await createChannelAccount(tx, tenant.id, {
      channel: 'telegram',
      name: 'Bot',
      externalAccountId: slug,
      webhookToken: `wh-${slug}-0123456789abcdefghij`,
      secret: null,
      credentials: null,
      settings: {},
      queueId: queue.id,
    });
    return { tenantId: tenant.id, queueId: queue.id, channelAccountId: account.id };
  });
}
type World = Awaited<ReturnType<typeof world>>;

let chat = 0;
/** A new conversation, created the way webhook ingest creates one. */
async function conversation(w: World): Promise<ConversationRow> {
  chat += 1;
  return withTenant(db(), w.tenantId, async (tx) => {
    const { client } = await findOrCreateClientByIdentity(tx, w.tenantId, {
      channel: 'telegram',
      externalId: `c${chat}`,
    });
    const created = await findOrCreateConversation(tx, w.tenantId, {
      clientId: client.id,
      channelAccountId: w.channelAccountId,
      externalChatId: `chat-${chat}`,
      queueId: w.queueId,
    });
    return created.conversation;
  });
}

const slaEvents = (w: World, id: string) => withTenant(db(), w.tenantId, (tx) => listSlaEvents(tx, w.tenantId, id));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(read: () => T | Promise<T>, done: (value: T) => boolean, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await sleep(20);
  }
}

const of = (published: Published[], id: string, type: string) =>
  published.filter((p) => p.event.type === type && p.event.conversationId === id);

describe('the SLA engine', () => {
  it('publishes sla.warning and sla.breached within a second of their moments, never early, once each', async () => {
    const w = await world({ firstResponseSeconds: 2, warnAtPercent: 50 });
    const published: Published[] = [];
    startWorker(published);
    const c = await conversation(w);
    expect(c.firstResponseDueAt?.getTime()).toBe(c.createdAt.getTime() + 2000);
    expect(c.firstResponseWarnAt?.getTime()).toBe(c.createdAt.getTime() + 1000);
    const warnAt = c.firstResponseWarnAt as Date;
    const dueAt = c.firstResponseDueAt as Date;

    await until(
      () => of(published, c.id, 'sla.breached'),
      (found) => found.length > 0,
    );
    await sleep(300);
    const [warning, ...moreWarnings] = of(published, c.id, 'sla.warning');
    const [breach, ...moreBreaches] = of(published, c.id, 'sla.breached');
    expect(moreWarnings).toEqual([]);
    expect(moreBreaches).toEqual([]);
    const warningLateness = (warning?.at ?? 0) - warnAt.getTime();
    const breachLateness = (breach?.at ?? 0) - dueAt.getTime();
    expect(warningLateness).toBeGreaterThanOrEqual(0);
    expect(warningLateness).toBeLessThan(1000);
    expect(breachLateness).toBeGreaterThanOrEqual(0);
    expect(breachLateness).toBeLessThan(1000);

    expect(breach?.event).toMatchObject({
      tenantId: w.tenantId,
      audience: { queueId: w.queueId },
      payload: {
        conversationId: c.id,
        kind: 'first_response',
        dueAt: dueAt.toISOString(),
        conversation: { id: c.id, firstResponseBreached: true, firstResponseWarned: true },
      },
    });
    expect(warning?.event.payload).toMatchObject({ kind: 'first_response', dueAt: dueAt.toISOString() });

    const rows = await slaEvents(w, c.id);
    expect(rows.map((r) => [r.kind, r.event, r.dueAt.getTime()])).toEqual([
      ['first_response', 'warning', dueAt.getTime()],
      ['first_response', 'breach', dueAt.getTime()],
    ]);
    expect(rows[0]?.at.getTime()).toBeGreaterThanOrEqual(warnAt.getTime());
    expect(rows[1]?.at.getTime()).toBeGreaterThanOrEqual(dueAt.getTime());
    const log = await withTenant(db(), w.tenantId, (tx) => readEvents(tx, w.tenantId, 0, 100));
    expect(log.filter((e) => e.type.startsWith('sla.')).map((e) => e.type)).toEqual(['sla.warning', 'sla.breached']);
    expect(await withTenant(db(), w.tenantId, (tx) => getConversation(tx, w.tenantId, c.id))).toMatchObject({
      firstResponseWarned: true,
      firstResponseBreached: true,
    });
    const histogram = await metrics.registry.getSingleMetricAsString('relay_sla_event_lateness_seconds');
    expect(histogram).toMatch(/relay_sla_event_lateness_seconds_count\{[^}]*event="breach"[^}]*\} [1-9]/);
  });

  it('records a reply before the due time as met, and never warns or breaches after it', async () => {
    const w = await world({ firstResponseSeconds: 2, warnAtPercent: 80 });
    const published: Published[] = [];
    startWorker(published);
    const c = await conversation(w);
    const repliedAt = new Date();
    await withTenant(db(), w.tenantId, (tx) =>
      recordMessageOnConversation(tx, w.tenantId, c.id, { actorType: 'operator', createdAt: repliedAt }),
    );
    // Past the due time and the engine's one-second bound.
    await sleep((c.firstResponseDueAt as Date).getTime() - Date.now() + 1300);
    const rows = await slaEvents(w, c.id);
    expect(rows.map((r) => [r.kind, r.event, r.at.getTime()])).toEqual([
      ['first_response', 'met', repliedAt.getTime()],
    ]);
    expect(published.filter((p) => p.event.conversationId === c.id && p.event.type.startsWith('sla.'))).toEqual([]);
  });

  it('still records the breach of a late reply, once, even when no worker ran at the due time', async () => {
    const w = await world({ firstResponseSeconds: 1, warnAtPercent: 50 });
    const c = await conversation(w);
    await sleep((c.firstResponseDueAt as Date).getTime() - Date.now() + 100);
    await withTenant(db(), w.tenantId, (tx) =>
      recordMessageOnConversation(tx, w.tenantId, c.id, { actorType: 'operator', createdAt: new Date() }),
    );
    const published: Published[] = [];
    startWorker(published);
    await until(
      () => of(published, c.id, 'sla.breached'),
      (found) => found.length > 0,
    );
    await sleep(300);
    // No warning: the reply had stopped the clock before anyone looked. No met: the reply was late.
    const rows = await slaEvents(w, c.id);
    expect(rows.map((r) => [r.kind, r.event])).toEqual([['first_response', 'breach']]);
    expect(of(published, c.id, 'sla.warning')).toEqual([]);
  });

  it('stops the first-response clock when the conversation is resolved unanswered', async () => {
    const w = await world({ firstResponseSeconds: 1, warnAtPercent: 90 });
    const published: Published[] = [];
    startWorker(published);
    const c = await conversation(w);
    await withTenant(
      db(),
      w.tenantId,
      (tx) =>
        tx`update conversations set status = 'resolved', resolved_at = now() where tenant_id = ${w.tenantId} and id = ${c.id}`,
    );
    await sleep((c.firstResponseDueAt as Date).getTime() - Date.now() + 1300);
    expect(await slaEvents(w, c.id)).toEqual([]);
    expect(published.filter((p) => p.event.conversationId === c.id)).toEqual([]);
  });

  it('fires the resolution clock too', async () => {
    const w = await world({ resolutionSeconds: 1, warnAtPercent: 60 });
    const published: Published[] = [];
    startWorker(published);
    const c = await conversation(w);
    expect(c.firstResponseDueAt).toBeNull();
    await until(
      () => of(published, c.id, 'sla.breached'),
      (found) => found.length > 0,
    );
    const rows = await slaEvents(w, c.id);
    expect(rows.map((r) => [r.kind, r.event])).toEqual([
      ['resolution', 'warning'],
      ['resolution', 'breach'],
    ]);
    const warning = of(published, c.id, 'sla.warning')[0];
    const breach = of(published, c.id, 'sla.breached')[0];
    expect((warning?.at ?? 0) - (c.resolutionWarnAt as Date).getTime()).toBeLessThan(1000);
    expect((breach?.at ?? 0) - (c.resolutionDueAt as Date).getTime()).toBeLessThan(1000);
    expect(breach?.event.payload).toMatchObject({ kind: 'resolution', conversation: { resolutionBreached: true } });
  });

  it('fires each event exactly once with two workers racing', async () => {
    const w = await world({ firstResponseSeconds: 2, warnAtPercent: 50 });
    const published: Published[][] = [[], []];
    startWorker(published[0]);
    startWorker(published[1]);
    const convs: ConversationRow[] = [];
    for (let i = 0; i < 8; i++) convs.push(await conversation(w));
    const all = () => [...(published[0] ?? []), ...(published[1] ?? [])];
    await until(all, (found) => found.filter((p) => p.event.type === 'sla.breached').length >= convs.length);
    await sleep(1200);

    for (const c of convs) {
      const rows = await slaEvents(w, c.id);
      expect(rows.map((r) => r.event).sort()).toEqual(['breach', 'warning']);
      expect(of(all(), c.id, 'sla.warning')).toHaveLength(1);
      expect(of(all(), c.id, 'sla.breached')).toHaveLength(1);
      for (const p of all().filter((x) => x.event.conversationId === c.id)) {
        const moment = p.event.type === 'sla.warning' ? c.firstResponseWarnAt : c.firstResponseDueAt;
        expect(p.at - (moment as Date).getTime()).toBeLessThan(1000);
      }
    }
    const log = await withTenant(db(), w.tenantId, (tx) => readEvents(tx, w.tenantId, 0, 1000));
    expect(log.filter((e) => e.type === 'sla.warning')).toHaveLength(convs.length);
    expect(log.filter((e) => e.type === 'sla.breached')).toHaveLength(convs.length);
  });
});

describe('the SLA engine, batched per tenant', () => {
  /** The breach observations counted by the lateness histogram so far. */
  async function breachesObserved(): Promise<number> {
    const text = await metrics.registry.getSingleMetricAsString('relay_sla_event_lateness_seconds');
    let count = 0;
    for (const line of text.split('\n')) {
      if (line.startsWith('relay_sla_event_lateness_seconds_count{') && line.includes('event="breach"')) {
        count += Number(line.slice(line.lastIndexOf(' ') + 1));
      }
    }
    return count;
  }

  /** The tenant's whole event log, checked gapless from seq 1 to its counter. */
  async function gaplessLog(w: World): Promise<EventRow[]> {
    const log = await withTenant(db(), w.tenantId, (tx) => readEvents(tx, w.tenantId, 0, 10_000));
    expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i + 1));
    const [counter] = await db()<{ eventSeq: number }[]>`select event_seq from tenants where id = ${w.tenantId}`;
    expect(Number(counter?.eventSeq)).toBe(log.length);
    return log;
  }

  it('fires a tick full of due conversations across 3 tenants once each, one transaction per tenant, gapless seqs', async () => {
    const worlds = [
      await world({ firstResponseSeconds: 1, warnAtPercent: 50 }),
      await world({ firstResponseSeconds: 1, warnAtPercent: 50 }),
      await world({ firstResponseSeconds: 1, warnAtPercent: 50 }),
    ];
    const convs = new Map<World, ConversationRow[]>(worlds.map((w) => [w, []]));
    for (let i = 0; i < 20; i++) for (const w of worlds) convs.get(w)?.push(await conversation(w));
    const all = [...convs.values()].flat();
    // Every warning and breach due before any worker looks: the first tick finds them all.
    const lastDue = Math.max(...all.map((c) => (c.firstResponseDueAt as Date).getTime()));
    await sleep(lastDue - Date.now() + 100);
    const observedBefore = await breachesObserved();

    const published: Published[] = [];
    startWorker(published);
    await until(
      () => published.filter((p) => p.event.type === 'sla.breached'),
      (found) => found.length >= all.length,
    );
    await sleep(300);

    for (const c of all) {
      const rows = await withTenant(db(), c.tenantId, (tx) => listSlaEvents(tx, c.tenantId, c.id));
      expect(rows.map((r) => r.event).sort()).toEqual(['breach', 'warning']);
      expect(of(published, c.id, 'sla.warning')).toHaveLength(1);
      expect(of(published, c.id, 'sla.breached')).toHaveLength(1);
    }
    for (const w of worlds) {
      const log = (await gaplessLog(w)).filter((e) => e.type.startsWith('sla.'));
      expect(log).toHaveLength(2 * 20);
      // One transaction: every event of the tenant's batch carries its start time.
      expect(new Set(log.map((e) => e.createdAt.getTime())).size).toBe(1);
      // Each conversation's warning is appended before its breach.
      for (const c of convs.get(w) ?? []) {
        expect(log.filter((e) => e.conversationId === c.id).map((e) => e.type)).toEqual([
          'sla.warning',
          'sla.breached',
        ]);
      }
    }
    expect((await breachesObserved()) - observedBefore).toBe(all.length);
  });

  it('fires the rest of a batch when one conversation fails, and that one once it no longer fails', async () => {
    const w = await world({ firstResponseSeconds: 1, warnAtPercent: 50 });
    const convs: ConversationRow[] = [];
    for (let i = 0; i < 6; i++) convs.push(await conversation(w));
    const bad = convs[2] as ConversationRow;
    const good = convs.filter((c) => c !== bad);
    // A fault of this one row only: its sla_events insert fails, so every batch holding it does.
    await db().unsafe(`
      create function sla_test_poison() returns trigger language plpgsql as $$
      begin
        if new.conversation_id = '${bad.id}' then raise exception 'poisoned conversation'; end if;
        return new;
      end $$;
      create trigger sla_test_poison before insert on sla_events for each row execute function sla_test_poison();`);
    try {
      const lastDue = Math.max(...convs.map((c) => (c.firstResponseDueAt as Date).getTime()));
      await sleep(lastDue - Date.now() + 100);
      const published: Published[] = [];
      startWorker(published);
      await until(
        () => published.filter((p) => p.event.type === 'sla.breached'),
        (found) => found.length >= good.length,
      );
      await sleep(300);

      for (const c of good) {
        expect((await slaEvents(w, c.id)).map((r) => r.event).sort()).toEqual(['breach', 'warning']);
        expect(of(published, c.id, 'sla.warning')).toHaveLength(1);
        expect(of(published, c.id, 'sla.breached')).toHaveLength(1);
      }
      expect(await slaEvents(w, bad.id)).toEqual([]);
      expect(published.filter((p) => p.event.conversationId === bad.id)).toEqual([]);
      expect(await withTenant(db(), w.tenantId, (tx) => getConversation(tx, w.tenantId, bad.id))).toMatchObject({
        firstResponseWarned: false,
        firstResponseBreached: false,
      });
      expect((await gaplessLog(w)).filter((e) => e.type.startsWith('sla.'))).toHaveLength(2 * good.length);

      await db().unsafe('drop trigger sla_test_poison on sla_events; drop function sla_test_poison();');
      await until(
        () => of(published, bad.id, 'sla.breached'),
        (found) => found.length > 0,
      );
      await sleep(300);
      expect((await slaEvents(w, bad.id)).map((r) => r.event).sort()).toEqual(['breach', 'warning']);
      expect(of(published, bad.id, 'sla.warning')).toHaveLength(1);
      expect(of(published, bad.id, 'sla.breached')).toHaveLength(1);
      expect((await gaplessLog(w)).filter((e) => e.type.startsWith('sla.'))).toHaveLength(2 * convs.length);
    } finally {
      await db().unsafe(
        'drop trigger if exists sla_test_poison on sla_events; drop function if exists sla_test_poison();',
      );
    }
  });
});
