// Starts real gateways on free ports against the run's database (and Redis
// when given), with teardown registered here, and connects real
// socket.io-client sockets to them; clients are closed here too. Vitest runs
// no hook registered from inside a hook, so a file-wide node is declared with
// useGatewayServer at collection time; a test's own node uses startGatewayServer.
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket as TcpSocket } from 'node:net';
import { loadConfig } from '@relay/config';
import type { ClientToServerEvents, ServerToClientEvents } from '@relay/contracts';
import type { Sql } from '@relay/db';
import { createLogger } from '@relay/logger';
import type { Redis } from 'ioredis';
import { io as connectClient, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, onTestFinished } from 'vitest';
import { createGateway, type Gateway, type GatewayDeps } from '../../src/gateway.ts';

export const config = loadConfig({ NODE_ENV: 'test' });
export const logger = createLogger({ app: 'gateway-test', level: 'silent' });

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type Auth = { token?: unknown; deviceId?: unknown } | undefined;

export type GatewayHarness = {
  url: string;
  gateway: Gateway;
  /** A connected client; rejects with the connect_error when refused. */
  connect(auth: Auth): Promise<ClientSocket>;
  /** The data.code of a refused handshake (fails the test if it connects). */
  refusal(auth: Auth): Promise<string | undefined>;
};

export type StartOptions = Partial<
  Pick<
    GatewayDeps,
    | 'redis'
    | 'adapterKey'
    | 'tickIntervalMs'
    | 'authGraceMs'
    | 'sessionCheckIntervalMs'
    | 'catchUpBound'
    | 'keyPrefix'
    | 'presenceTtlMs'
  >
>;

/** A node of one test; kill() is a crash: connections cut without a word, nothing drained. */
export type GatewayNode = GatewayHarness & { kill(): Promise<void> };

type Started = GatewayNode & { stop(): Promise<void> };

/**
 * One gateway node for the whole file (or describe block): started before its
 * tests, closed after them with every client it connected.
 */
export function useGatewayServer(sql: Sql, options: StartOptions = {}): GatewayHarness {
  let started: Started | undefined;
  beforeAll(async () => {
    started = await start(sql, options);
  });
  afterAll(async () => {
    await started?.stop();
  });
  const node = () => {
    if (!started) throw new Error('useGatewayServer(): the gateway runs only inside tests and hooks');
    return started;
  };
  return {
    get url() {
      return node().url;
    },
    get gateway() {
      return node().gateway;
    },
    connect: (auth) => node().connect(auth),
    refusal: (auth) => node().refusal(auth),
  };
}

/** A gateway node for one test, closed when that test finishes. */
export async function startGatewayServer(sql: Sql, options: StartOptions = {}): Promise<GatewayNode> {
  const started = await start(sql, options);
  onTestFinished(() => started.stop());
  return started;
}

async function start(sql: Sql, options: StartOptions): Promise<Started> {
  const server: Server = createServer();
  const gateway = createGateway(server, { sql, logger, config, ...options });
  const clients: ClientSocket[] = [];
  const connections = new Set<TcpSocket>();
  server.on('connection', (connection) => {
    connections.add(connection);
    connection.once('close', () => connections.delete(connection));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  await gateway.ready();
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const open = (auth: Auth): ClientSocket => {
    const client: ClientSocket = connectClient(url, {
      auth: auth ?? {},
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    clients.push(client);
    return client;
  };
  return {
    url,
    gateway,
    connect: (auth) =>
      new Promise((resolve, reject) => {
        const client = open(auth);
        client.once('connect', () => resolve(client));
        client.once('connect_error', (error) => reject(error));
      }),
    refusal: (auth) =>
      new Promise((resolve, reject) => {
        const client = open(auth);
        client.once('connect', () => reject(new Error('the handshake was expected to be refused')));
        client.once('connect_error', (error) => resolve((error as { data?: { code?: string } }).data?.code));
      }),
    async kill() {
      server.close();
      for (const connection of connections) connection.destroy();
      await gateway.close();
    },
    async stop() {
      for (const client of clients) client.disconnect();
      await gateway.close();
      server.closeAllConnections();
    },
  };
}

/** Everything a socket receives of one event name, in order. */
export function collect<E extends keyof ServerToClientEvents>(
  client: ClientSocket,
  event: E,
): Parameters<ServerToClientEvents[E]>[0][] {
  const received: Parameters<ServerToClientEvents[E]>[0][] = [];
  // biome-ignore lint/suspicious/noExplicitAny: the listener's type is the event map's; the tuple is kept as is
  client.on(event, ((payload: any) => received.push(payload)) as any);
  return received;
}

/**
 * A round trip on this socket. Socket.IO keeps one connection's packets in
 * order, so anything the server emitted to it before answering has arrived.
 */
export async function settle(client: ClientSocket): Promise<void> {
  await client.timeout(5000).emitWithAck('conversation:unwatch', { conversationId: crypto.randomUUID() });
}

/** Resolves once `check` passes, polling briefly (for deliveries that cross Redis). */
export async function eventually(check: () => void | Promise<void>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

export function redisKeyPrefix(): string {
  return `relay-test-${crypto.randomUUID().slice(0, 8)}`;
}

export type { Redis };
