// GET /metrics on a gateway node's real HTTP server (the listener index.ts
// uses): handshakes, refusals by code, sockets by tenant-size bucket, sync
// pages and event fan-out lag appear and move after real handshakes, syncs and
// published events, locally and through the Redis adapter.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { useTestDb } from '@relay/db/testing';
import { createRedisPublisher } from '@relay/realtime';
import { Redis } from 'ioredis';
import { io as connectClient } from 'socket.io-client';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { createGateway, type Gateway, type GatewayDeps } from '../src/gateway.ts';
import { gatewayHttpRoutes } from '../src/http-routes.ts';
import { createDemoWorld } from './support/demo-world.ts';
import {
  type Auth,
  type ClientSocket,
  collect,
  config,
  eventually,
  logger,
  redisKeyPrefix,
} from './support/gateway-harness.ts';

const sql = useTestDb();
const redisUrl = process.env.REDIS_URL;
if (!redisUrl) process.stdout.write('apps/gateway metrics over Redis: skipped (REDIS_URL is not set)\n');

type Node = { url: string; gateway: Gateway; connect(auth: Auth): Promise<ClientSocket>; scrape(): Promise<string> };

async function startNode(options: Partial<GatewayDeps> = {}): Promise<Node> {
  let gateway: Gateway | undefined;
  const server: Server = createServer(gatewayHttpRoutes(() => gateway as Gateway));
  gateway = createGateway(server, { sql, logger, config, ...options });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  await gateway.ready();
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clients: ClientSocket[] = [];
  const started = gateway;
  onTestFinished(async () => {
    for (const client of clients) client.disconnect();
    await started.close();
    server.closeAllConnections();
  });
  return {
    url,
    gateway,
    connect: (auth) =>
      new Promise((resolve, reject) => {
        const client: ClientSocket = connectClient(url, {
          auth: auth ?? {},
          transports: ['websocket'],
          reconnection: false,
          forceNew: true,
        });
        clients.push(client);
        client.once('connect', () => resolve(client));
        client.once('connect_error', (error) => reject(error));
      }),
    async scrape() {
      const res = await fetch(`${url}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      return res.text();
    },
  };
}

/** The value of the series `name` whose labels include `labels` (0 when absent: a counter not yet moved). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split('\n')) {
    const match = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const has = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([key, value]) => has[key] === value)) return Number(match[3]);
  }
  return 0;
}

describe('gateway /metrics', () => {
  it('counts handshakes, refusals by code, sockets by tenant bucket, sync pages and fan-out lag', async () => {
    const node = await startNode();
    const world = await createDemoWorld(sql);
    const before = await node.scrape();
    expect(before).toContain('# TYPE relay_gateway_handshakes_total counter');
    expect(before).toContain('# TYPE relay_gateway_event_fanout_lag_seconds histogram');
    expect(sample(before, 'relay_gateway_sockets', { tenant_sockets: '1' })).toBe(0);
    expect(sample(before, 'nodejs_eventloop_lag_seconds', { app: 'gateway' })).toBeGreaterThanOrEqual(0);

    const alice = await node.connect(await world.login('alice'));
    await expect(node.connect({ token: 'not-a-token', deviceId: 'd1' })).rejects.toThrow();
    await expect(node.connect({})).rejects.toThrow();
    const one = await node.scrape();
    expect(sample(one, 'relay_gateway_handshakes_total', { outcome: 'accepted' })).toBe(1);
    expect(sample(one, 'relay_gateway_handshakes_total', { outcome: 'refused' })).toBe(2);
    expect(sample(one, 'relay_gateway_handshake_refusals_total', { code: 'unauthorized' })).toBe(2);
    expect(sample(one, 'relay_gateway_sockets', { tenant_sockets: '1' })).toBe(1);
    expect(sample(one, 'relay_gateway_tenants', { tenant_sockets: '1' })).toBe(1);

    // A second and third socket of the tenant move it to the 2-5 bucket.
    const bob = await node.connect(await world.login('bob'));
    await node.connect(await world.login('supervisor'));
    const three = await node.scrape();
    expect(sample(three, 'relay_gateway_sockets', { tenant_sockets: '1' })).toBe(0);
    expect(sample(three, 'relay_gateway_sockets', { tenant_sockets: '2-5' })).toBe(3);
    expect(sample(three, 'relay_gateway_tenants', { tenant_sockets: '2-5' })).toBe(1);

    const live = collect(alice, 'event');
    const [event] = await world.append(node.gateway.publisher, [{ audience: {} }]);
    await eventually(() => expect(live.map((e) => e.seq)).toEqual([event?.seq]));
    const reply = await bob.emitWithAck('sync', { after: (event?.seq as number) - 1 });
    expect(reply).toMatchObject({ ok: true, reset: false });
    const after = await node.scrape();
    expect(sample(after, 'relay_gateway_sync_pages_total', { result: 'page' })).toBe(1);
    // One broadcast of one event: observed once on this node, however many sockets it reached.
    expect(sample(after, 'relay_gateway_event_fanout_lag_seconds_count')).toBe(1);
    const lag = sample(after, 'relay_gateway_event_fanout_lag_seconds_sum');
    expect(lag).toBeGreaterThan(0);
    expect(lag).toBeLessThan(30);
  });

  it('answers /healthz, 404 elsewhere, and lists each metric family once', async () => {
    const node = await startNode();
    expect((await fetch(`${node.url}/nothing`)).status).toBe(404);
    expect((await fetch(`${node.url}/healthz`)).status).toBe(200);
    const text = await node.scrape();
    const families = text.split('\n').filter((line) => line.startsWith('# TYPE '));
    expect(new Set(families).size).toBe(families.length);
  });
});

describe.skipIf(!redisUrl)('gateway /metrics over Redis', () => {
  const adapterKey = redisKeyPrefix();
  const redis = new Redis(redisUrl ?? 'redis://127.0.0.1:6379', { lazyConnect: true });
  afterAll(async () => {
    await redis.quit();
  });

  it('observes the fan-out lag of an event another process published through the emitter', async () => {
    const node = await startNode({ redis, adapterKey });
    const world = await createDemoWorld(sql);
    const alice = await node.connect(await world.login('alice'));
    const live = collect(alice, 'event');
    const [event] = await world.append(createRedisPublisher(redis, { key: adapterKey }), [{ audience: {} }]);
    await eventually(() => expect(live.map((e) => e.seq)).toEqual([event?.seq]));
    const text = await node.scrape();
    expect(sample(text, 'relay_gateway_event_fanout_lag_seconds_count')).toBe(1);
    expect(sample(text, 'relay_gateway_event_fanout_lag_seconds_bucket', { le: '10' })).toBe(1);
  });
});
