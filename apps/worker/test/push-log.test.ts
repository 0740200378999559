// Push fallback as a reader of the event log: a tenant with no device costs
// nothing and starts at the present when its first device arrives; the cursor
// never passes an event still inside its grace; a worker that dies between
// sending and recording costs a duplicate, never a lost push; several workers
// never push one event twice; and each tenant's cursor and pushes stay its own.
import { loadConfig } from '@relay/config';
import { claimPushCursors, getPushCursor, readPushBatch, type Sql, withTenant } from '@relay/db';
import { useScratchDb } from '@relay/db/testing';
import { createLogger } from '@relay/logger';
import { createMetrics } from '@relay/metrics';
import { createPushSender, type PushSender } from '@relay/push';
import { type FcmStandIn, startFcmStandIn } from '@relay/push/testing';
import { createAckStore, createPresenceStore, logOnlyPublisher, PUSH_EVENT_TYPES } from '@relay/realtime';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Loop } from '../src/loops/poll-loop.ts';
import { startPushLoop } from '../src/push/push-loop.ts';
import { createWorker, type Worker, type WorkerDeps, workerEgress } from '../src/worker.ts';
import {
  assignTo,
  inboundMessage,
  phoneTokenOf,
  pushCursorOf,
  pushRetryJob,
  pushSettled,
  pushWorld,
  registerPhone,
  type World,
} from './support/push-world.ts';

const db = useScratchDb();
const GRACE_MS = 300;
const base = loadConfig({ NODE_ENV: 'test' });
const config = { ...base, push: { ...base.push, graceMs: GRACE_MS } };
const logger = createLogger({ app: 'push-log-test', level: 'silent' });
let fcm: FcmStandIn;
let sender: PushSender;
const stops: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  fcm = await startFcmStandIn();
  sender = createPushSender({ projectId: 'relay-test', credential: fcm.credential, httpAgent: fcm.agent });
});
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()));
});
afterAll(async () => {
  await sender?.close();
  await fcm?.close();
});
beforeEach(() => fcm.reset());

function startWorker(): Worker {
  const worker = createWorker({ sql: db(), logger, config, acks: createAckStore(), push: sender, pollMs: 50 });
  stops.push(() => worker.stop());
  return worker;
}

/** The push loop alone, with a short lease and a hook after its sends (where a crash is stood). */
function startPushLoopOnly(options: { leaseSeconds: number; afterSend?: () => Promise<void> }): Loop {
  const metrics = createMetrics({ app: 'push-log-test' });
  const deps: WorkerDeps = {
    sql: db(),
    logger,
    config,
    publisher: logOnlyPublisher,
    onPublishError: () => {},
    metrics,
    presence: createPresenceStore({ sql: db() }),
    acks: createAckStore(),
    push: sender,
    pushGraceMs: GRACE_MS,
    redis: undefined,
    egress: workerEgress(config, logger, metrics),
  };
  const loop = startPushLoop(deps, { pollMs: 1000, ...options });
  stops.push(async () => {
    await loop.stop();
    await deps.egress.close();
  });
  return loop;
}

/** Pushes FCM received for a tenant, as "seq token" strings in arrival order. */
const pushesOf = (w: World) =>
  fcm.requests
    .filter((r) => (r.message as { data?: Record<string, string> }).data?.tenantId === w.tenantId)
    .map((r) => `${(r.message as { data: Record<string, string> }).data.seq} ${r.token}`);

const tenantSeq = async (sql: Sql, w: World) => {
  const [row] = await withTenant(sql, w.tenantId, (tx) => tx<{ eventSeq: string }[]>`select event_seq from tenants`);
  return Number(row?.eventSeq);
};

describe('push from the event log', () => {
  it('a tenant with no device is never read; its first device starts the cursor at the present', async () => {
    const quiet = await pushWorld(db(), { phones: false });
    await assignTo(db(), quiet, quiet.operators.ann);
    const witness = await pushWorld(db());
    await assignTo(db(), witness, witness.operators.ann);
    startWorker();
    const history = [await inboundMessage(db(), quiet, 'one'), await inboundMessage(db(), quiet, 'two')];
    // A later event of another tenant pushed: the worker has run rounds past the quiet tenant's events.
    const seen = await inboundMessage(db(), witness);
    await pushSettled(db(), witness, seen.seq);
    expect(pushesOf(witness)).toEqual([`${seen.seq} ${phoneTokenOf(witness, 'ann')}`]);
    expect(await pushCursorOf(db(), quiet)).toBeNull();
    expect(await pushRetryJob(db(), quiet, history[1]?.seq as number)).toBeUndefined();

    // Ann installs the app: the cursor starts at the tenant's last event, so the history is never pushed.
    await registerPhone(db(), quiet, 'ann');
    expect(await pushCursorOf(db(), quiet)).toBe(history[1]?.seq);
    expect(await tenantSeq(db(), quiet)).toBe(history[1]?.seq);
    // A second device does not move it.
    await registerPhone(db(), quiet, 'ben');
    expect(await pushCursorOf(db(), quiet)).toBe(history[1]?.seq);

    const next = await inboundMessage(db(), quiet, 'three');
    await pushSettled(db(), quiet, next.seq);
    expect(pushesOf(quiet)).toEqual([`${next.seq} ${phoneTokenOf(quiet, 'ann')}`]);
  });

  it('a batch ends before the first event still inside its grace, even when a later seq is older', async () => {
    const w = await pushWorld(db());
    const first = await inboundMessage(db(), w, 'fresh');
    const second = await inboundMessage(db(), w, 'old');
    // The second transaction began earlier but took its seq later: it is older than the first.
    await db()`update events set created_at = now() - interval '1 hour' where tenant_id = ${w.tenantId} and seq = ${second.seq}`;
    const cursor = (await pushCursorOf(db(), w)) as number;
    const read = (graceMs: number) =>
      withTenant(db(), w.tenantId, (tx) =>
        readPushBatch(tx, w.tenantId, { afterSeq: cursor, graceMs, limit: 100, types: PUSH_EVENT_TYPES }),
      );
    const inGrace = await read(60_000);
    expect(inGrace).toEqual({ upto: cursor, events: [] });
    // And no worker would claim the tenant yet.
    expect(await claimPushCursors(db(), { graceMs: 60_000, limit: 10, leaseSeconds: 1, workerId: 'probe' })).toEqual(
      [],
    );
    const due = await read(0);
    expect(due.upto).toBe(second.seq);
    expect(due.events.map((event) => event.seq)).toEqual([first.seq, second.seq]);
  });

  it('a worker that dies between sending and recording: the batch goes again once its lease runs out, nothing is lost', {
    timeout: 30_000,
  }, async () => {
    const w = await pushWorld(db());
    await assignTo(db(), w, w.operators.ann);
    let crash: () => void = () => {};
    const crashed = new Promise<void>((resolve) => {
      crash = resolve;
    });
    const dying = startPushLoopOnly({
      leaseSeconds: 1,
      afterSend: async () => {
        // (A round that sent nothing of this tenant's, e.g. an earlier test's, records as usual.)
        if (pushesOf(w).length === 0) return;
        crash();
        throw new Error('the worker died here');
      },
    });
    const event = await inboundMessage(db(), w);
    await crashed;
    await dying.stop();
    const token = phoneTokenOf(w, 'ann');
    expect(pushesOf(w)).toEqual([`${event.seq} ${token}`]);
    expect(await pushCursorOf(db(), w)).toBeLessThan(event.seq);

    // Another worker takes the tenant when the lease runs out and sends the batch again (at least once).
    startPushLoopOnly({ leaseSeconds: 1 });
    await pushSettled(db(), w, event.seq);
    expect(pushesOf(w)).toEqual([`${event.seq} ${token}`, `${event.seq} ${token}`]);
    const after = await inboundMessage(db(), w);
    await pushSettled(db(), w, after.seq);
    expect(pushesOf(w)).toEqual([`${event.seq} ${token}`, `${event.seq} ${token}`, `${after.seq} ${token}`]);
  });

  it('three workers over four tenants push each event exactly once', { timeout: 60_000 }, async () => {
    const worlds = await Promise.all([0, 1, 2, 3].map(() => pushWorld(db())));
    for (const w of worlds) await assignTo(db(), w, w.operators.ben);
    startWorker();
    startWorker();
    startWorker();
    const written = new Map<World, number[]>(worlds.map((w) => [w, []]));
    for (let round = 0; round < 6; round++) {
      await Promise.all(
        worlds.map(async (w) => written.get(w)?.push((await inboundMessage(db(), w, `m${round}`)).seq)),
      );
    }
    for (const w of worlds) {
      const seqs = written.get(w) as number[];
      await pushSettled(db(), w, seqs.at(-1) as number, 20_000);
      const token = phoneTokenOf(w, 'ben');
      expect(pushesOf(w).sort()).toEqual(seqs.map((seq) => `${seq} ${token}`).sort());
    }
  });

  it("each tenant's cursor and pushes are its own", async () => {
    const a = await pushWorld(db());
    const b = await pushWorld(db());
    await assignTo(db(), a, a.operators.ann);
    await assignTo(db(), b, b.operators.cid);
    startWorker();
    const inA = await inboundMessage(db(), a);
    const inB = await inboundMessage(db(), b);
    await pushSettled(db(), a, inA.seq);
    await pushSettled(db(), b, inB.seq);
    expect(pushesOf(a)).toEqual([`${inA.seq} ${phoneTokenOf(a, 'ann')}`]);
    expect(pushesOf(b)).toEqual([`${inB.seq} ${phoneTokenOf(b, 'cid')}`]);
    // Row-level security: inside tenant A's transaction, B's cursor does not exist.
    const visible = await withTenant(
      db(),
      a.tenantId,
      (tx) => tx<{ tenantId: string }[]>`select tenant_id from push_cursors`,
    );
    expect(visible.map((row) => row.tenantId)).toEqual([a.tenantId]);
    expect(await withTenant(db(), a.tenantId, (tx) => getPushCursor(tx, b.tenantId))).toBeNull();
  });
});
