// The HTTP plumbing the provider stand-ins share: a real server on 127.0.0.1
// port 0 that records every request, can be told to fail the next few, and
// closes with its open connections so a test's teardown never hangs.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export type RecordedRequest = {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body, or the raw text when it is not JSON. */
  body: unknown;
  rawBody: string;
};

export type StandInResponse = {
  status: number;
  /** Sent as JSON; a string is sent as is, to fake a broken provider; bytes (a Uint8Array) as a file. */
  body: unknown;
  headers?: Record<string, string>;
  /** Wait this long before answering, to exercise client timeouts. */
  delayMs?: number;
};

export type StandInServer = {
  origin: string;
  requests: RecordedRequest[];
  /** Answer the next `n` requests with `response` instead of the normal one. */
  failNext(n: number, response: StandInResponse): void;
  close(): Promise<void>;
};

function parseBody(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

export async function startStandInServer(
  answer: (request: RecordedRequest) => StandInResponse,
): Promise<StandInServer> {
  const requests: RecordedRequest[] = [];
  const failures: StandInResponse[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let closed: Promise<void> | undefined;

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const request: RecordedRequest = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: req.headers,
        body: parseBody(rawBody),
        rawBody,
      };
      requests.push(request);
      const response = failures.shift() ?? answer(request);
      const send = () => {
        if (res.destroyed) return;
        if (response.body instanceof Uint8Array) {
          const length = String(response.body.byteLength);
          res.writeHead(response.status, {
            'content-type': 'application/octet-stream',
            'content-length': length,
            ...response.headers,
          });
          res.end(response.body);
          return;
        }
        const payload = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
        res.writeHead(response.status, { 'content-type': 'application/json', ...response.headers });
        res.end(payload);
      };
      if (!response.delayMs) return send();
      const timer = setTimeout(() => {
        timers.delete(timer);
        send();
      }, response.delayMs);
      timers.add(timer);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    failNext(n, response) {
      for (let i = 0; i < n; i++) failures.push(response);
    },
    // Idempotent, so a test may close early and the shared teardown close again.
    close() {
      closed ??= new Promise((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
