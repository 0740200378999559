// Push fallback end to end inside the worker: events written the way every
// writer writes them (writeWithEvents appends them to the log), the real
// worker loop reading the log, firebase-admin's real client, and a local HTTPS
// stand-in for FCM.
import { loadConfig } from '@relay/config';
import { type NewEvent, withTenant } from '@relay/db';
import { useScratchDb } from '@relay/db/testing';
import { createLogger } from '@relay/logger';
import { createMetrics } from '@relay/metrics';
import { createPushSender, type PushSender } from '@relay/push';
import { type FcmStandIn, startFcmStandIn } from '@relay/push/testing';
import { type AckStore, createAckStore } from '@relay/realtime';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createWorker, type Worker } from '../src/worker.ts';
import {
  assignTo,
  inboundMessage,
  phoneTokenNow,
  pushSettled,
  type World,
  pushWorld as world,
  writeEvents,
} from './support/push-world.ts';

const db = useScratchDb();
const GRACE_MS = 300;
const base = loadConfig({ NODE_ENV: 'test' });
const config = { ...base, push: { ...base.push, graceMs: GRACE_MS } };
const logger = createLogger({ app: 'push-test', level: 'silent' });
let fcm: FcmStandIn;
let sender: PushSender;
const workers: Worker[] = [];

beforeAll(async () => {
  fcm = await startFcmStandIn();
  sender = createPushSender({ projectId: 'relay-test', credential: fcm.credential, httpAgent: fcm.agent });
});
// Workers claim every tenant's push jobs: one test's worker must not serve the next test's events.
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop()));
});
afterAll(async () => {
  await sender?.close();
  await fcm?.close();
});
beforeEach(() => fcm.reset());

function startWorker(acks: AckStore, push: PushSender | null = sender, metrics = createMetrics({ app: 'push-test' })) {
  const worker = createWorker({
    sql: db(),
    logger,
    config,
    metrics,
    acks,
    ...(push ? { push } : {}),
    pollMs: 50,
  });
  workers.push(worker);
  return worker;
}

const assign = (w: World, operatorId: string | null) => assignTo(db(), w, operatorId);
const inbound = (w: World, content?: string) => inboundMessage(db(), w, content);
const write = (tenantId: string, fn: Parameters<typeof writeEvents>[2]) => writeEvents(db(), tenantId, fn);
const settled = (w: World, seq: number, timeoutMs?: number) => pushSettled(db(), w, seq, timeoutMs);
const phoneToken = (w: World, name: string) => phoneTokenNow(db(), w, name);

type FcmMessage = {
  notification: { title: string; body: string };
  data: Record<string, string>;
  android: Record<string, unknown>;
  apns: { headers: Record<string, string> };
};
const messageOf = (request: { message: unknown } | undefined) => request?.message as FcmMessage;

const sentTo = (token: string) => fcm.requests.filter((r) => r.token === token);

describe('push fallback', () => {
  it('sends one push per device of the assignee after the grace, with the v1 body the SPEC names', async () => {
    const w = await world(db());
    await assign(w, w.operators.ann);
    const acks = createAckStore();
    startWorker(acks);
    const written = Date.now();
    const event = await inbound(w, 'Where is my order?');
    await settled(w, event.seq);
    const token = fcm.requests.find((r) => r.token.endsWith('ann-phone'));
    expect(fcm.requests.map((r) => r.token)).toEqual([await phoneToken(w, 'ann')]);
    expect(token).toBeDefined();
    expect((token?.at ?? 0) - written).toBeGreaterThanOrEqual(GRACE_MS);
    const message = messageOf(token);
    expect(message.notification).toEqual({ title: 'Maria Client', body: 'Where is my order?' });
    expect(message.data).toEqual({
      type: 'message.created',
      conversationId: w.conversationId,
      seq: String(event.seq),
      tenantId: w.tenantId,
    });
    expect(message.android).toMatchObject({ priority: 'high', collapse_key: w.conversationId });
    expect(message.apns.headers).toMatchObject({ 'apns-priority': '10', 'apns-collapse-id': w.conversationId });
  });

  it('sends nothing to an operator whose open screen acked the event', async () => {
    const w = await world(db());
    await assign(w, w.operators.ann);
    const acks = createAckStore();
    startWorker(acks);
    const event = await inbound(w);
    // A browser tab of hers (never registered as a device, no FCM token) saw it: her phone stays quiet.
    await acks.record(w.tenantId, w.operators.ann, 'a-tab-never-registered', event.seq);
    await settled(w, event.seq);
    expect(fcm.requests).toHaveLength(0);
  });

  it('an unassigned conversation goes to the queue members who chose to be online, not the away one', async () => {
    const w = await world(db());
    startWorker(createAckStore());
    const event = await inbound(w);
    await settled(w, event.seq);
    const tokens = fcm.requests.map((r) => r.token.split('-').slice(-2).join('-')).sort();
    expect(tokens).toEqual(['ann-phone', 'ben-phone']);
  });

  it('UNREGISTERED drops the token', async () => {
    const w = await world(db());
    await assign(w, w.operators.ben);
    const token = (await phoneToken(w, 'ben')) as string;
    fcm.script(token, [
      {
        status: 404,
        body: {
          error: {
            code: 404,
            message: 'Requested entity was not found.',
            status: 'NOT_FOUND',
            details: [{ '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError', errorCode: 'UNREGISTERED' }],
          },
        },
      },
    ]);
    startWorker(createAckStore());
    const event = await inbound(w);
    await settled(w, event.seq);
    expect(await phoneToken(w, 'ben')).toBeNull();
    const [device] = await withTenant(
      db(),
      w.tenantId,
      (tx) =>
        tx<
          { pushFailures: number }[]
        >`select push_failures from operator_devices where tenant_id = ${w.tenantId} and device_id = 'ben-phone'`,
    );
    expect(device?.pushFailures).toBe(1);
  });

  it('a 503 is retried until FCM takes it', async () => {
    const w = await world(db());
    await assign(w, w.operators.ann);
    const token = (await phoneToken(w, 'ann')) as string;
    const unavailable = {
      status: 503,
      body: { error: { code: 503, message: 'The service is unavailable.', status: 'UNAVAILABLE' } },
    };
    fcm.script(
      token,
      Array.from({ length: 6 }, () => unavailable),
    );
    startWorker(createAckStore());
    const event = await inbound(w);
    const job = await settled(w, event.seq, 20_000);
    expect(job?.status).toBe('done');
    expect(sentTo(token).length).toBe(7);
    expect(job?.attempts).toBeGreaterThanOrEqual(2);
  }, 30_000);

  it('a muted operator and one in quiet hours get nothing', async () => {
    const w = await world(db());
    const hour = new Date().getUTCHours();
    const around = (h: number) => `${String((h + 24) % 24).padStart(2, '0')}:00`;
    await withTenant(db(), w.tenantId, async (tx) => {
      await tx`update operators set settings = ${tx.json({ muted: true })} where tenant_id = ${w.tenantId} and id = ${w.operators.ann}`;
      await tx`update operators set settings = ${tx.json({ quietHours: { from: around(hour - 1), to: around(hour + 1), timezone: 'UTC' } })}
                where tenant_id = ${w.tenantId} and id = ${w.operators.ben}`;
    });
    startWorker(createAckStore());
    const event = await inbound(w);
    await settled(w, event.seq);
    expect(fcm.requests).toHaveLength(0);
  });

  it('a mention pushes the mentioned operator, not the author', async () => {
    const w = await world(db());
    startWorker(createAckStore());
    const event = await write(w.tenantId, (_tx, emit) =>
      emit({
        type: 'note.created',
        conversationId: w.conversationId,
        audience: { queueId: w.queueId, operatorIds: [w.operators.ben] },
        payload: {
          conversationId: w.conversationId,
          note: { operatorId: w.operators.ann, content: '@ben can you take this one?' },
          mentions: [w.operators.ben, w.operators.ann],
        },
        // A note reduced to what push reads: off the contract on purpose.
      } as NewEvent),
    );
    await settled(w, event.seq);
    expect(fcm.requests.map((r) => r.token.split('-').slice(-2).join('-'))).toEqual(['ben-phone']);
    expect(messageOf(fcm.requests[0]).notification.title).toBe('ann mentioned you');
  });

  it('without credentials a push is recorded as skipped once, never retried', async () => {
    const w = await world(db());
    await assign(w, w.operators.ann);
    const metrics = createMetrics({ app: 'push-test' });
    startWorker(createAckStore(), null, metrics);
    const event = await inbound(w);
    // Read from the log and counted as skipped once; no retry was queued for it.
    const job = await settled(w, event.seq);
    expect(job).toBeUndefined();
    const counted = (await metrics.pushes.get()).values.filter((v) => v.labels.outcome === 'skipped_no_credentials');
    expect(counted.map((v) => v.value)).toEqual([1]);
    expect(fcm.requests).toHaveLength(0);
  });
});
