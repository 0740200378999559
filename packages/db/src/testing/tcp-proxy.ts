// A TCP proxy a fault test puts between a process and PostgreSQL or Redis, so
// it can make the dependency fail the ways production does without touching
// the shared servers other test files use:
//   cut()     resets every open connection (a backend terminated, a network blip);
//   down()    also stops listening, so new connections are refused (ECONNREFUSED);
//   up()      listens again on the same port (the dependency is back);
//   freeze()  keeps connections open but forwards nothing either way (a SIGSTOPped
//             server, a black-holed route); thaw() lets the held bytes through.
import { connect, createServer, type Server, type Socket } from 'node:net';

export type TcpProxy = {
  /** The proxy's port on 127.0.0.1. */
  readonly port: number;
  /** `url` with its host and port replaced by the proxy's. */
  via(url: string): string;
  /** Connections currently open through the proxy. */
  readonly open: number;
  cut(): void;
  down(): Promise<void>;
  up(): Promise<void>;
  freeze(): void;
  thaw(): void;
  close(): Promise<void>;
};

type Pair = { client: Socket; upstream: Socket };

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const pairs = new Set<Pair>();
  let frozen = false;
  let listening: Server | undefined;
  let port = 0;

  const onConnection = (client: Socket) => {
    const upstream = connect(target.port, target.host);
    const pair = { client, upstream };
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.pipe(upstream);
    upstream.pipe(client);
    if (frozen) pause(pair);
  };
  const pause = ({ client, upstream }: Pair) => {
    client.pause();
    upstream.pause();
  };
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const server = createServer(onConnection);
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        port = (server.address() as { port: number }).port;
        listening = server;
        resolve();
      });
    });
  const cut = () => {
    for (const { client, upstream } of pairs) {
      client.resetAndDestroy();
      upstream.destroy();
    }
    pairs.clear();
  };
  const stopListening = () =>
    new Promise<void>((resolve) => {
      const server = listening;
      listening = undefined;
      if (!server) return resolve();
      server.close(() => resolve());
      cut();
    });

  await listen();
  return {
    get port() {
      return port;
    },
    get open() {
      return pairs.size;
    },
    via(url) {
      const parsed = new URL(url);
      parsed.hostname = '127.0.0.1';
      parsed.port = String(port);
      return parsed.toString();
    },
    cut,
    down: stopListening,
    up: () => (listening ? Promise.resolve() : listen()),
    freeze() {
      frozen = true;
      for (const pair of pairs) pause(pair);
    },
    thaw() {
      frozen = false;
      for (const { client, upstream } of pairs) {
        client.resume();
        upstream.resume();
      }
    },
    close: stopListening,
  };
}
