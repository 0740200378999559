import { type ChildProcess, spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { seedDemoTenant } from '@relay/db';
import { testPoolMax, uniqueSlug, useTestDb } from '@relay/db/testing';
import { afterAll, describe, expect, inject, it, vi } from 'vitest';
import { config } from './support/api-harness.ts';

// SIGTERM under load (issue 13, item 6): the API as its own process, a steady
// stream of authenticated reads on keep-alive connections, then SIGTERM. Every
// request the server accepted is answered, none with a 5xx and none cut off;
// a new connection after the listener closed is refused, which a client
// expects from a server that is going away; the process exits 0.

const ENTRY = fileURLToPath(new URL('../src/index.ts', import.meta.url));
const admin = useTestDb();
const running = new Set<ChildProcess>();
afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
});

type Started = { child: ChildProcess; output: () => string; exited: Promise<number | null> };

function launch(env: Record<string, string>): Started {
  const base = { ...process.env };
  delete base.DATABASE_URL;
  delete base.REDIS_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
    env: { ...base, NODE_ENV: 'test', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let text = '';
  child.stdout?.on('data', (chunk) => {
    text += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    text += chunk;
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  return { child, output: () => text, exited };
}

async function portOf(started: Started): Promise<number> {
  let port: number | undefined;
  await vi.waitUntil(
    () => {
      if (started.child.exitCode !== null) throw new Error(`exited early:\n${started.output()}`);
      const line = started
        .output()
        .split('\n')
        .find((l) => l.includes('"api listening"'));
      port = line ? (JSON.parse(line) as { port: number }).port : undefined;
      return port !== undefined;
    },
    { timeout: 60_000, interval: 50 },
  );
  return port as number;
}

type Outcome = { status: number; connection: string | undefined } | { error: string };

/** One GET on the agent's keep-alive connections, reporting a network error by its code. */
function get(agent: Agent, port: number, path: string, token: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const req = request(
      { host: '127.0.0.1', port, path, agent, headers: { authorization: `Bearer ${token}` } },
      (res) => {
        res.resume();
        res.once('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }));
        res.once('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
      },
    );
    req.once('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    req.end();
  });
}

describe('SIGTERM', () => {
  it('answers every accepted request, none 5xx or reset, closes keep-alive connections, and exits 0', async () => {
    const slug = uniqueSlug('drain');
    await seedDemoTenant(admin, { slug, name: `Drain ${slug}`, encryptionKey: config.encryptionKey });
    const api = launch({
      DATABASE_URL: inject('databaseUrl'),
      DATABASE_POOL_MAX: String(testPoolMax()),
      SHUTDOWN_TIMEOUT_MS: '20000',
    });
    const port = await portOf(api);
    const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenant: slug, email: 'owner@demo.test', password: 'demo1234' }),
    });
    expect(login.status).toBe(200);
    const { accessToken } = (await login.json()) as { accessToken: string };

    const agent = new Agent({ keepAlive: true, maxSockets: 8 });
    let answered = 0;
    let answeredAfterSignal = 0;
    let closedByServer = 0;
    let refused = 0;
    let signalled = false;
    const failures: string[] = [];
    const client = async () => {
      for (;;) {
        const outcome = await get(agent, port, '/api/v1/conversations?view=unassigned', accessToken);
        if ('error' in outcome) {
          // A new connection after the listener closed: the server is gone, as announced.
          if (outcome.error === 'ECONNREFUSED' && signalled) {
            refused++;
            return;
          }
          failures.push(`network error ${outcome.error}`);
          return;
        }
        answered++;
        if (signalled) answeredAfterSignal++;
        if (outcome.connection === 'close') closedByServer++;
        if (outcome.status >= 500) failures.push(`status ${outcome.status}`);
      }
    };
    const clients = Array.from({ length: 8 }, client);
    try {
      await vi.waitUntil(() => answered >= 40 || failures.length > 0, { timeout: 60_000, interval: 10 });
      signalled = true;
      api.child.kill('SIGTERM');
      await Promise.all(clients);
      expect(await api.exited).toBe(0);
    } finally {
      agent.destroy();
    }
    expect(failures).toEqual([]);
    expect(answeredAfterSignal).toBeGreaterThan(0);
    expect(closedByServer).toBeGreaterThan(0);
    expect(refused).toBe(8);
    expect(api.output()).toContain('api stopped');
  });
});
