// Routing in the worker: round robin and least loaded among members who are
// online (a live socket and availability online) and under capacity, FIFO by
// priority then age; assignees offline past the grace lose their open
// conversations to an online member or back to the queue; two workers never
// assign one conversation twice. Presence is the real store (Redis with a
// random key prefix when REDIS_URL is set, memory otherwise).
import { randomUUID } from 'node:crypto';
import { loadConfig } from '@relay/config';
import {
  createChannelAccount,
  createOperator,
  createQueue,
  createTenant,
  type EventRow,
  findOrCreateClientByIdentity,
  findOrCreateConversation,
  markOperatorSeen,
  type RoutingMode,
  readEvents,
  replaceQueueMembers,
  updateOperator,
  withTenant,
} from '@relay/db';
import { uniqueSlug, useScratchDb } from '@relay/db/testing';
import { createLogger } from '@relay/logger';
import { createPresenceStore, type PresenceSocket, type PresenceStore } from '@relay/realtime';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createWorker, type Worker } from '../src/worker.ts';

// Routing scans every tenant: this file gets a database of its own.
const db = useScratchDb();
const redisUrl = process.env.REDIS_URL;
const redis = redisUrl ? new Redis(redisUrl, { lazyConnect: true }) : undefined;
const keyPrefix = `relay-test-${randomUUID().slice(0, 8)}`;
const GRACE_MS = 300;
const config = { ...loadConfig({ NODE_ENV: 'test' }), routing: { offlineGraceMs: GRACE_MS } };
let presence: PresenceStore;
let workers: Worker[] = [];

beforeAll(() => {
  presence = createPresenceStore({ sql: db(), redis, keyPrefix });
});
afterEach(async () => {
  await Promise.all(workers.map((worker) => worker.stop()));
  workers = [];
});
afterAll(async () => {
  if (!redis) return;
  const keys = await redis.keys(`${keyPrefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

function startWorker(published: EventRow[] = []) {
  const worker = createWorker({
    sql: db(),
    logger: createLogger({ app: 'routing-test', level: 'silent' }),
    config,
    presence,
    publisher: { publish: async (events) => void published.push(...events) },
    pollMs: 50,
  });
  workers.push(worker);
  return worker;
}

type OperatorSpec = { capacity?: number; availability?: 'online' | 'away' | 'offline'; socket?: boolean };

/** A tenant with one queue of these members (named by key), each given a live socket unless told otherwise. */
async function world(mode: RoutingMode, members: Record<string, OperatorSpec>) {
  const sql = db();
  const slug = uniqueSlug('rt');
  const tenant = await createTenant(sql, { name: `Routing ${slug}`, slug });
  const tenantId = tenant.id;
  const built = await withTenant(sql, tenantId, async (tx) => {
    const ops: Record<string, string> = {};
    for (const [name, spec] of Object.entries(members)) {
      const op = await createOperator(tx, tenantId, {
        email: `${name}@${slug}.test`,
        name,
        passwordHash: null,
        capacity: spec.capacity ?? 10,
      });
      await updateOperator(tx, tenantId, op.id, { availability: spec.availability ?? 'online' });
      ops[name] = op.id;
    }
    const queue = await createQueue(tx, tenantId, { name: 'Q', routingMode: mode, slaPolicyId: null, isDefault: true });
    await replaceQueueMembers(tx, tenantId, queue.id, Object.values(ops));
    const account = await createChannelAccount(tx, tenantId, {
      channel: 'api',
      name: 'Api',
      externalAccountId: slug,
      webhookToken: `wh-${slug}-0123456789abcdefghij`,
      secret: null,
      credentials: null,
      settings: {},
      queueId: queue.id,
    });
    return { ops, queueId: queue.id, channelAccountId: account.id };
  });
  const sockets: Record<string, PresenceSocket> = {};
  for (const [name, spec] of Object.entries(members)) {
    if (spec.socket === false) continue;
    sockets[name] = await connect(tenantId, built.ops[name] as string);
  }
  return { tenantId, ...built, sockets };
}
type World = Awaited<ReturnType<typeof world>>;

/** Another queue of the world's tenant. */
async function addQueue(w: World, routingMode: RoutingMode, members: string[]): Promise<string> {
  return withTenant(db(), w.tenantId, async (tx) => {
    const queue = await createQueue(tx, w.tenantId, {
      name: routingMode,
      routingMode,
      slaPolicyId: null,
      isDefault: false,
    });
    await replaceQueueMembers(tx, w.tenantId, queue.id, members);
    return queue.id;
  });
}

async function connect(tenantId: string, operatorId: string): Promise<PresenceSocket> {
  const socket = { tenantId, operatorId, deviceId: 'web', socketId: randomUUID() };
  await presence.admit(socket, 60_000, 10_000);
  return socket;
}

/** What the gateway does when an operator's last socket goes. */
async function disconnect(socket: PresenceSocket) {
  await presence.remove(socket);
  await withTenant(db(), socket.tenantId, (tx) => markOperatorSeen(tx, socket.tenantId, socket.operatorId));
}

let chat = 0;
/** Waiting conversations in `queueId` (default: the world's), `age` seconds old, optionally already assigned. */
async function conversations(
  w: World,
  specs: { priority?: number; age: number; assignee?: string; queueId?: string | null }[],
): Promise<string[]> {
  return withTenant(db(), w.tenantId, async (tx) => {
    const ids: string[] = [];
    for (const spec of specs) {
      chat += 1;
      const { client } = await findOrCreateClientByIdentity(tx, w.tenantId, { channel: 'api', externalId: `c${chat}` });
      const { conversation } = await findOrCreateConversation(tx, w.tenantId, {
        clientId: client.id,
        channelAccountId: w.channelAccountId,
        externalChatId: `chat-${chat}`,
        queueId: spec.queueId === undefined ? w.queueId : spec.queueId,
      });
      await tx`update conversations set priority = ${spec.priority ?? 1}, assigned_operator_id = ${spec.assignee ?? null},
                      status = 'open', created_at = now() - ${spec.age}::int * interval '1 second'
                where tenant_id = ${w.tenantId} and id = ${conversation.id}`;
      ids.push(conversation.id);
    }
    return ids;
  });
}

type ConversationState = { id: string; assignedOperatorId: string | null; status: string };
async function states(w: World): Promise<ConversationState[]> {
  return db()<ConversationState[]>`
    select id, assigned_operator_id, status from conversations where tenant_id = ${w.tenantId} order by created_at`;
}
const loadOf = (rows: ConversationState[], operatorId: string | undefined) =>
  rows.filter((row) => row.assignedOperatorId === operatorId && row.status !== 'resolved').length;

type AssignmentRow = {
  conversationId: string;
  operatorId: string | null;
  fromOperatorId: string | null;
  assignedBy: string | null;
  kind: string;
  reason: string | null;
};
async function history(w: World): Promise<AssignmentRow[]> {
  return db()<AssignmentRow[]>`
    select conversation_id, operator_id, from_operator_id, assigned_by, kind, reason
      from assignments where tenant_id = ${w.tenantId}`;
}

async function assignedEvents(w: World): Promise<EventRow[]> {
  const events = await withTenant(db(), w.tenantId, (tx) => readEvents(tx, w.tenantId, 0, 10_000));
  return events.filter((event) => event.type === 'conversation.assigned');
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`never happened; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
const statesWhen = (w: World, done: (rows: ConversationState[]) => boolean) => until(() => states(w), done);
const historyWhen = (w: World, done: (rows: AssignmentRow[]) => boolean) => until(() => history(w), done);
const settle = () => new Promise((resolve) => setTimeout(resolve, 400));

describe('routing waiting conversations', () => {
  it('round robin spreads 30 over 3 online operators 10/10/10, priority first then oldest first', async () => {
    const w = await world('round_robin', { ann: { capacity: 12 }, ben: { capacity: 12 }, cid: { capacity: 12 } });
    const ids = await conversations(
      w,
      Array.from({ length: 30 }, (_, i) => ({ priority: i % 3 === 0 ? 2 : 1, age: 1000 - i })),
    );
    const published: EventRow[] = [];
    startWorker(published);
    const rows = await statesWhen(w, (list) => list.every((row) => row.assignedOperatorId !== null));
    await settle();
    const ops = Object.values(w.ops).sort();
    expect(ops.map((id) => loadOf(rows, id))).toEqual([10, 10, 10]);
    expect(rows.every((row) => row.status === 'open')).toBe(true);

    const assignments = await history(w);
    expect(assignments).toHaveLength(30);
    expect(new Set(assignments.map((a) => a.conversationId)).size).toBe(30);
    for (const a of assignments) {
      expect(a).toMatchObject({ kind: 'round_robin', assignedBy: null, fromOperatorId: null, reason: null });
    }
    const audit =
      await db()`select operator_id, action, target_id, details from audit_log where tenant_id = ${w.tenantId}`;
    expect(audit).toHaveLength(30);
    expect(audit[0]).toMatchObject({
      operatorId: null,
      action: 'conversation.assign',
      details: { kind: 'round_robin' },
    });

    // The order of the events is the order of assignment: high priority first, then oldest first, in turns.
    const events = await assignedEvents(w);
    const expected = [...ids.filter((_, i) => i % 3 === 0), ...ids.filter((_, i) => i % 3 !== 0)];
    expect(events.map((e) => e.conversationId)).toEqual(expected);
    expect(events.map((e) => e.payload.operatorId)).toEqual(expected.map((_, i) => ops[i % 3]));
    expect(events[0]?.payload).toMatchObject({ kind: 'round_robin', fromOperatorId: null, assignedBy: null });
    expect(events[0]?.audience).toEqual({ queueId: w.queueId, operatorIds: [ops[0]] });
    expect(published.filter((e) => e.tenantId === w.tenantId && e.type === 'conversation.assigned')).toHaveLength(30);
  });

  it('least loaded respects capacity, and the oldest waiting goes to whoever frees a slot', async () => {
    const w = await world('least_loaded', { ann: { capacity: 2 }, ben: { capacity: 5 } });
    const { ann, ben } = w.ops as { ann: string; ben: string };
    const [annOwn] = await conversations(w, [{ age: 5000, assignee: ann }]);
    await conversations(
      w,
      [3, 2, 1].map((age) => ({ age: 4000 + age, assignee: ben })),
    );
    const waiting = await conversations(
      w,
      [600, 500, 400, 300, 200, 100].map((age) => ({ age })),
    );
    startWorker();
    await historyWhen(w, (rows) => rows.length === 3);
    await settle();
    let rows = await states(w);
    expect([loadOf(rows, ann), loadOf(rows, ben)]).toEqual([2, 5]);
    const assigned = new Map(rows.map((row) => [row.id, row.assignedOperatorId]));
    // Lowest load first: ann (1 of 2), then ben twice (3 and 4 of 5).
    expect(waiting.map((id) => assigned.get(id))).toEqual([ann, ben, ben, null, null, null]);
    expect((await history(w)).every((a) => a.kind === 'least_loaded')).toBe(true);

    await db()`update conversations set status = 'resolved' where tenant_id = ${w.tenantId} and id = ${annOwn as string}`;
    await historyWhen(w, (list) => list.length === 4);
    await settle();
    rows = await states(w);
    expect(rows.find((row) => row.id === waiting[3])?.assignedOperatorId).toBe(ann);
    expect([loadOf(rows, ann), loadOf(rows, ben)]).toEqual([2, 5]);
  });

  it('gives nothing to an away or offline operator, and never routes a manual queue', async () => {
    const w = await world('round_robin', {
      away: { availability: 'away' },
      gone: { socket: false },
      chose: { availability: 'offline' },
    });
    const manual = await addQueue(w, 'manual', Object.values(w.ops));
    const [first, second] = await conversations(w, [{ age: 20 }, { age: 10 }]);
    const [handled] = await conversations(w, [{ age: 30, queueId: manual }]);
    startWorker();
    await settle();
    expect(await history(w)).toEqual([]);

    // Coming online (the away operator picks "online") gets them the waiting line at once.
    const away = w.ops.away as string;
    await withTenant(db(), w.tenantId, (tx) => updateOperator(tx, w.tenantId, away, { availability: 'online' }));
    const rows = await statesWhen(w, (list) => list.filter((row) => row.assignedOperatorId).length === 2);
    await settle();
    const by = new Map(rows.map((row) => [row.id, row.assignedOperatorId]));
    expect([by.get(first as string), by.get(second as string), by.get(handled as string)]).toEqual([away, away, null]);
  });
});

describe('offline assignees', () => {
  it('reassigns the open conversations of an assignee offline past the grace to an online member', async () => {
    const w = await world('round_robin', { xena: {}, yuri: { socket: false } });
    const { xena, yuri } = w.ops as { xena: string; yuri: string };
    const ids = await conversations(w, [{ age: 30 }, { age: 20 }, { age: 10 }]);
    startWorker();
    await statesWhen(w, (rows) => rows.every((row) => row.assignedOperatorId === xena));
    await connect(w.tenantId, yuri);
    await disconnect(w.sockets.xena as PresenceSocket);
    // Within the grace nothing moves.
    expect((await states(w)).every((row) => row.assignedOperatorId === xena)).toBe(true);
    const rows = await statesWhen(w, (list) => list.every((row) => row.assignedOperatorId === yuri));
    expect(rows.map((row) => row.id)).toEqual(ids);
    const moves = (await history(w)).filter((a) => a.kind === 'offline_reassign');
    expect(moves).toHaveLength(3);
    for (const move of moves) {
      expect(move).toMatchObject({
        operatorId: yuri,
        fromOperatorId: xena,
        assignedBy: null,
        reason: 'assignee offline',
      });
    }
    const events = (await assignedEvents(w)).filter((e) => e.payload.kind === 'offline_reassign');
    expect(events).toHaveLength(3);
    expect(events[0]?.payload).toMatchObject({ operatorId: yuri, fromOperatorId: xena });
    expect(events[0]?.audience).toEqual({ queueId: w.queueId, operatorIds: [xena, yuri] });
  });

  it('returns them to the queue when nobody can take them, the grace counted from the assignment', async () => {
    const w = await world('round_robin', { zoe: {}, nick: { socket: false } });
    const { zoe, nick } = w.ops as { zoe: string; nick: string };
    const manual = await addQueue(w, 'manual', [zoe, nick]);
    await conversations(w, [{ age: 30 }, { age: 20 }]);
    // Nick never connected (no last_seen_at); a conversation of a manual queue is given to him by hand now.
    const given = Date.now();
    const [handed] = await conversations(w, [{ age: 5, assignee: nick, queueId: manual }]);
    await db()`insert into assignments (tenant_id, conversation_id, operator_id, kind)
               values (${w.tenantId}, ${handed as string}, ${nick}, 'manual')`;
    startWorker();
    await statesWhen(w, (rows) => rows.find((row) => row.id === handed)?.assignedOperatorId === null);
    expect(Date.now() - given).toBeGreaterThanOrEqual(GRACE_MS);

    await statesWhen(w, (rows) => rows.filter((row) => row.assignedOperatorId === zoe).length === 2);
    await disconnect(w.sockets.zoe as PresenceSocket);
    const rows = await statesWhen(w, (list) => list.every((row) => row.assignedOperatorId === null));
    expect(rows.every((row) => row.status === 'open')).toBe(true);
    const returns = (await history(w)).filter((a) => a.kind === 'offline_reassign');
    expect(returns).toHaveLength(3);
    expect(returns.every((a) => a.operatorId === null && a.reason === 'assignee offline')).toBe(true);
    expect(returns.map((a) => a.fromOperatorId).sort()).toEqual([nick, zoe, zoe].sort());
    const events = (await assignedEvents(w)).filter((e) => e.payload.kind === 'offline_reassign');
    expect(events.map((e) => e.payload.operatorId)).toEqual([null, null, null]);
    await settle();
    expect((await states(w)).every((row) => row.assignedOperatorId === null)).toBe(true);
  });
});

describe('two workers', () => {
  it('never assign one conversation twice, and capacity holds across queues sharing operators', async () => {
    const w = await world('least_loaded', { ann: { capacity: 10 }, ben: { capacity: 10 }, cid: { capacity: 15 } });
    const second = await addQueue(w, 'round_robin', Object.values(w.ops));
    await conversations(w, [
      ...Array.from({ length: 20 }, (_, i) => ({ age: 100 + i })),
      ...Array.from({ length: 20 }, (_, i) => ({ age: 100 + i, queueId: second })),
    ]);
    startWorker();
    startWorker();
    await historyWhen(w, (rows) => rows.length >= 35);
    await settle();
    const assignments = await history(w);
    expect(assignments).toHaveLength(35);
    expect(new Set(assignments.map((a) => a.conversationId)).size).toBe(35);
    const rows = await states(w);
    const { ann, ben, cid } = w.ops;
    expect([loadOf(rows, ann), loadOf(rows, ben), loadOf(rows, cid)]).toEqual([10, 10, 15]);
    expect(rows.filter((row) => row.assignedOperatorId === null)).toHaveLength(5);
    expect(await assignedEvents(w)).toHaveLength(35);
  });
});
