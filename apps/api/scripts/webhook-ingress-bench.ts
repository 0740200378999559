// What one webhook costs the API process on each HTTP stack: the same cheap
// webhook (a WhatsApp delivery status for a message we never sent: verified,
// parsed, one short transaction) sent N times over keep-alive connections by a
// load generator in its own process; the API process's CPU time (user + system)
// over the run divided by N. Run from the repository root:
//   DATABASE_URL=postgres://… node --import tsx apps/api/scripts/webhook-ingress-bench.ts \
//     [stub|ingest] [requests] [concurrency] [rounds]
// stub: the webhook handler answers at once (the HTTP stack alone); ingest: the real one.
// Stacks: express (the whole pipeline, as before the ingress), express-lean (the
// webhook router first: no pino-http, no helmet), ingress (createApi's path), and
// bare (node:http straight to the handler: the floor).
import { fork } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { whatsAppStatusWebhook } from '@relay/channels/testing';
import { loadConfig } from '@relay/config';
import { createDb, migrate, seedDemoTenant } from '@relay/db';
import { createLogger } from '@relay/logger';
import express from 'express';
import { createApi, createExpressApp, resolveDeps } from '../src/app.ts';
import { errorHandler } from '../src/http/error-handler.ts';
import { requestDeadline } from '../src/http/request-deadline.ts';
import { webhookIngress } from '../src/http/webhook-ingress.ts';
import { metricsRoutes } from '../src/routes/health/metrics-routes.ts';
import { defaultWebhookHandlers, type WebhookHandlers, webhookRoutes } from '../src/routes/webhooks/webhook-routes.ts';

const mode = process.argv[2] ?? 'stub';
const requests = Number(process.argv[3] ?? 4000);
const concurrency = Number(process.argv[4] ?? 16);
const rounds = Number(process.argv[5] ?? 5);
const config = loadConfig();
if (!config.database.url) throw new Error('DATABASE_URL is required');
const sql = createDb({ url: config.database.url, max: 10 });
await migrate(sql);
// Info level, as production runs: the request lines are written (to /dev/null here).
const logger = createLogger({ app: 'bench', level: 'info' });
const input = { sql, logger, config };
const deps = resolveDeps(input);

const handlers: WebhookHandlers =
  mode === 'stub'
    ? {
        receive: async () => ({ ok: true as const, stored: 0, duplicates: 1, statuses: 0, edits: 0 }),
        challenge: async () => 'challenge',
      }
    : defaultWebhookHandlers;

function expressLean(): RequestListener {
  const app = express();
  app.use(metricsRoutes(deps));
  app.use(requestDeadline(config.database.statementTimeoutMs));
  app.use(webhookRoutes(deps, handlers));
  app.use(errorHandler);
  return app;
}

function ingress(): RequestListener {
  const app = createExpressApp(deps, handlers);
  const webhooks = webhookIngress(deps, handlers);
  return (req, res) => {
    if (!webhooks(req, res)) app(req, res);
  };
}

function bare(): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    const [, , channel, token] = (req.url ?? '').split('/');
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = JSON.stringify(await handlers.receive(deps, { channel, token }, Buffer.concat(chunks), req.headers));
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    });
  };
}

const stacks: Record<string, () => RequestListener> = {
  express: () => createExpressApp(deps, handlers),
  'express-lean': expressLean,
  ingress,
  bare,
};

// One WhatsApp account: its webhook URL and app secret, made through the API.
const setup = createServer(createApi(input));
await new Promise<void>((resolve) => setup.listen(0, '127.0.0.1', resolve));
const setupUrl = `http://127.0.0.1:${(setup.address() as AddressInfo).port}`;
const slug = `bench-${Date.now()}`;
await seedDemoTenant(sql, { slug, name: slug, encryptionKey: config.encryptionKey });
const post = async (path: string, body: unknown, token?: string) => {
  const res = await fetch(`${setupUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return (await res.json()) as Record<string, string>;
};
const { accessToken } = await post('/api/v1/auth/login', {
  tenant: slug,
  email: 'owner@demo.test',
  password: 'demo1234',
});
const account = await post(
  '/api/v1/channel-accounts',
  {
    channel: 'whatsapp',
    name: 'bench',
    externalAccountId: `bench-${slug}`,
    credentials: { accessToken: 'EAAG-bench-access-token-0000', phoneNumberId: '1234567890' },
  },
  accessToken,
);
setup.close();
const body = JSON.stringify(
  whatsAppStatusWebhook({ phoneNumberId: '1234567890', id: 'wamid.unknown', status: 'read' }),
);
const signature = `sha256=${createHmac('sha256', account.secret as string)
  .update(body)
  .digest('hex')}`;

const LOAD = `
const http = require('node:http');
const [url, path, body, signature, n, c] = process.argv.slice(2);
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(c) });
let sent = 0, failed = 0;
const one = () => new Promise((resolve) => {
  const req = http.request(url + path, { method: 'POST', agent, headers: {
    'content-type': 'application/json', 'x-hub-signature-256': signature, 'content-length': Buffer.byteLength(body) } },
    (res) => { if (res.statusCode !== 200) failed++; res.resume(); res.on('end', resolve); });
  req.end(body);
});
const worker = async () => { while (sent < Number(n)) { sent++; await one(); } };
const started = performance.now();
Promise.all(Array.from({ length: Number(c) }, worker)).then(() => {
  process.send({ ms: performance.now() - started, failed });
  agent.destroy();
});`;
writeFileSync('/tmp/webhook-ingress-load.cjs', LOAD);

function load(url: string, n: number): Promise<{ ms: number; failed: number }> {
  const child = fork('/tmp/webhook-ingress-load.cjs', [
    url,
    new URL(account.webhookUrl as string).pathname,
    body,
    signature,
    String(n),
    String(concurrency),
  ]);
  return new Promise((resolve) => child.once('message', (m) => resolve(m as { ms: number; failed: number })));
}

// Warm every stack first (JIT, pool connections), so round 1 does not favour the last.
for (const make of Object.values(stacks)) {
  const server = createServer(make());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  await load(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, 500);
  server.closeAllConnections();
  server.close();
}
const rows: string[] = [];
const figures = new Map<string, number[]>();
for (let round = 1; round <= rounds; round++) {
  for (const [name, make] of Object.entries(stacks)) {
    const server = createServer(make());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const before = process.cpuUsage();
    const { ms, failed } = await load(url, requests);
    const cpu = process.cpuUsage(before);
    server.closeAllConnections();
    server.close();
    const usPerRequest = (cpu.user + cpu.system) / requests;
    figures.set(name, [...(figures.get(name) ?? []), usPerRequest]);
    rows.push(
      `round ${round} ${name.padEnd(13)} ${usPerRequest.toFixed(0).padStart(5)} µs CPU/request  ` +
        `${((requests / ms) * 1000).toFixed(0).padStart(5)} req/s  failed ${failed}`,
    );
    process.stderr.write(`${rows.at(-1)}\n`);
  }
}
// The machine is shared: the median of the rounds, which ran interleaved.
for (const [name, values] of figures) {
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] as number;
  process.stderr.write(
    `median ${name.padEnd(13)} ${median.toFixed(0).padStart(5)} µs CPU/request (min ${sorted[0]?.toFixed(0)}, max ${sorted.at(-1)?.toFixed(0)})\n`,
  );
}
await sql.end();
process.exit(0);
