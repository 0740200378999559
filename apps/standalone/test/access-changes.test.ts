// Role and queue changes reach live sockets at once: the API's PATCH of an
// operator's role and PUT of a queue's members move the operator's open
// sockets out of the rooms they no longer belong to, in standalone (the API
// publishes through the gateway in process) and in the scaled shape (the API
// publishes through Redis to two gateway nodes). Non-delivery is proven by
// order: an event the socket may no longer see, then one it may, and only the
// second arrives.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApi } from '@relay/api';
import { loadConfig } from '@relay/config';
import type { ClientToServerEvents, EventEnvelope, ServerToClientEvents } from '@relay/contracts';
import {
  type EventAudience,
  type EventRow,
  latestSeq,
  type NewEvent,
  readEvents,
  seedDemoTenant,
  withTenant,
} from '@relay/db';
import { useTestDb as sharedTestDb, uniqueSlug } from '@relay/db/testing';
import { createGateway, type Gateway } from '@relay/gateway';
import { createLogger } from '@relay/logger';
import { createRedisClient, createRedisPublisher, type EventPublisher, writeWithEvents } from '@relay/realtime';
import { io, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';

const redisUrl = process.env.REDIS_URL;
if (!redisUrl) process.stdout.write('apps/standalone access changes (scaled): skipped (REDIS_URL is not set)\n');

// The run's shared test database (useTestDb; renamed: the React hook rule applies in this workspace).
const sql = sharedTestDb();
const config = loadConfig({ NODE_ENV: 'test' });
const silent = createLogger({ app: 'access-changes-test', level: 'silent' });
type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function until(check: () => boolean, what: string, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => {
    server.closeAllConnections();
    server.close();
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

type Shape = { apiUrl: string; gateways: { url: string; gateway: Gateway }[]; publisher: EventPublisher };

async function startGateway(options: Parameters<typeof createGateway>[1]) {
  const server = createServer();
  // The periodic session check (the backstop) would also move the socket, in seconds: off here,
  // so only the change's own message can (apps/gateway/test/access-backstop.test.ts covers the backstop).
  const gateway = createGateway(server, { ...options, sessionCheckIntervalMs: 3_600_000 });
  cleanups.push(() => gateway.close());
  const url = await listen(server);
  await gateway.ready();
  return { url, gateway };
}

async function startApi(publisher: EventPublisher): Promise<string> {
  const server = createServer();
  const url = await listen(server);
  server.on('request', createApi({ sql, logger: silent, config: { ...config, publicUrl: url }, publisher }));
  return url;
}

/** Standalone: one gateway on the in-memory adapter; the API publishes through it in process. */
async function standalone(): Promise<Shape> {
  const node = await startGateway({ sql, logger: silent, config });
  return { apiUrl: await startApi(node.gateway.publisher), gateways: [node], publisher: node.gateway.publisher };
}

/** Scaled: two gateway nodes sharing rooms through Redis; the API publishes through the emitter. */
async function scaled(): Promise<Shape> {
  const adapterKey = `relay-test-${crypto.randomUUID().slice(0, 8)}`;
  const clients = ['gateway-a', 'gateway-b', 'api'].map((name) =>
    createRedisClient(redisUrl ?? '', { name, logger: silent }),
  );
  cleanups.push(() => Promise.allSettled(clients.map((client) => client.quit())));
  const [redisA, redisB, apiRedis] = clients;
  const a = await startGateway({ sql, logger: silent, config, redis: redisA, adapterKey, keyPrefix: adapterKey });
  const b = await startGateway({ sql, logger: silent, config, redis: redisB, adapterKey, keyPrefix: adapterKey });
  await until(() => apiRedis?.status === 'ready', 'the API to reach Redis');
  const publisher = createRedisPublisher(apiRedis as NonNullable<typeof apiRedis>, { key: adapterKey });
  return { apiUrl: await startApi(publisher), gateways: [a, b], publisher };
}

async function world(shape: Shape) {
  const slug = uniqueSlug('access');
  const tenantId = await seedDemoTenant(sql, { slug, name: `Access ${slug}`, encryptionKey: config.encryptionKey });
  const ids = await withTenant(sql, tenantId, async (tx) => ({
    operators: await tx<{ id: string; email: string }[]>`select id, email from operators where tenant_id = ${tenantId}`,
    support: (await tx<{ id: string }[]>`select id from queues where tenant_id = ${tenantId} and name = 'Support'`)[0]
      ?.id as string,
  }));
  const operatorId = (name: string) => ids.operators.find((o) => o.email === `${name}@demo.test`)?.id as string;
  const call = async (method: string, path: string, body: unknown, token?: string) => {
    const res = await fetch(`${shape.apiUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const login = async (name: string) => {
    const reply = await call('POST', '/api/v1/auth/login', {
      tenant: slug,
      email: `${name}@demo.test`,
      password: 'demo1234',
    });
    expect(reply.status).toBe(200);
    return reply.body.accessToken as string;
  };
  /** A connected socket on the given node and everything it receives as `event`. */
  const connect = async (name: string, node: Shape['gateways'][number]) => {
    const client: Client = io(node.url, {
      auth: { token: await login(name), deviceId: `${name}-${crypto.randomUUID()}` },
      transports: ['websocket'],
      reconnection: false,
    });
    cleanups.push(() => client.disconnect());
    const events: EventEnvelope[] = [];
    client.on('event', (event) => events.push(event));
    await new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve());
      client.once('connect_error', reject);
    });
    const data = () => node.gateway.io.of('/').sockets.get(client.id as string)?.data;
    return { events, data };
  };
  /** Events written and published after commit, as every writer does; the rows as stored. */
  const append = async (audiences: EventAudience[]): Promise<EventRow[]> => {
    const before = await withTenant(sql, tenantId, (tx) => latestSeq(tx, tenantId));
    await writeWithEvents(
      { sql, publisher: shape.publisher, onPublishError: () => {} },
      tenantId,
      async (_tx, emit) => {
        for (const audience of audiences) {
          await emit({ type: 'conversation.updated', conversationId: null, audience, payload: {} } as NewEvent);
        }
      },
    );
    return withTenant(sql, tenantId, (tx) => readEvents(tx, tenantId, before, audiences.length));
  };
  return { tenantId, support: ids.support, operatorId, call, login, connect, append };
}

const seqs = (events: EventEnvelope[]) => events.map((event) => event.seq);

const shapes: [string, () => Promise<Shape>][] = [['standalone', standalone]];
if (redisUrl) shapes.push(['scaled, two gateway nodes on Redis', scaled]);

describe.each(shapes)('access changes reach live sockets (%s)', (_name, start) => {
  it('a demoted supervisor stops receiving supervisor-only events at once', async () => {
    const shape = await start();
    const w = await world(shape);
    const node = shape.gateways.at(-1) as Shape['gateways'][number];
    const supervisor = await w.connect('supervisor', node);
    const [before] = await w.append([{ supervisorsOnly: true }]);
    await until(() => seqs(supervisor.events).includes(before?.seq as number), 'the supervisor-only event');

    const owner = await w.login('owner');
    const patched = await w.call(
      'PATCH',
      `/api/v1/operators/${w.operatorId('supervisor')}`,
      { role: 'operator' },
      owner,
    );
    expect(patched.status).toBe(200);
    await until(() => supervisor.data()?.role === 'operator', 'the socket to take the new role');
    expect(supervisor.data()?.seesAll).toBe(false);

    const [hidden, staff] = await w.append([{ supervisorsOnly: true }, { queueId: null }]);
    await until(() => seqs(supervisor.events).includes(staff?.seq as number), 'the staff event after it');
    // (The PATCH's own operator.updated goes to all staff: only the events written here are compared.)
    const mine = [before, hidden, staff].map((event) => event?.seq);
    expect(seqs(supervisor.events).filter((seq) => mine.includes(seq))).toEqual([before?.seq, staff?.seq]);
  });

  it('an operator removed from a queue stops receiving its events at once', async () => {
    const shape = await start();
    const w = await world(shape);
    const node = shape.gateways[0] as Shape['gateways'][number];
    const alice = await w.connect('alice', node);
    const [before] = await w.append([{ queueId: w.support }]);
    await until(() => seqs(alice.events).includes(before?.seq as number), 'the Support event');

    const supervisor = await w.login('supervisor');
    const members = [w.operatorId('bob'), w.operatorId('carol')];
    const put = await w.call('PUT', `/api/v1/queues/${w.support}/members`, { operatorIds: members }, supervisor);
    expect(put.status).toBe(200);
    await until(() => alice.data()?.queueIds.includes(w.support) === false, 'the socket to leave the queue');

    const [hidden, direct] = await w.append([{ queueId: w.support }, { operatorIds: [w.operatorId('alice')] }]);
    await until(() => seqs(alice.events).includes(direct?.seq as number), 'the event for alice after it');
    const mine = [before, hidden, direct].map((event) => event?.seq);
    expect(seqs(alice.events).filter((seq) => mine.includes(seq))).toEqual([before?.seq, direct?.seq]);
  });
});
