// `npm start` as a user runs it: the real entry file in a child process.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDb, DEMO_LOGINS } from '@relay/db';
import { createScratchDatabase } from '@relay/db/testing';
import { afterAll, describe, expect, it } from 'vitest';

const ENTRY = fileURLToPath(new URL('../src/index.ts', import.meta.url));
const running = new Set<ChildProcess>();
const dirs: string[] = [];
afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'relay-standalone-'));
  dirs.push(dir);
  return dir;
}

type Started = { child: ChildProcess; output: () => string; exited: Promise<number | null> };

function launch(env: Record<string, string>): Started {
  const base = { ...process.env };
  delete base.DATABASE_URL;
  delete base.REDIS_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
    env: { ...base, PORT: '0', LOG_LEVEL: 'info', ...env },
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

async function urlOf(started: Started): Promise<string> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const match = /Relay is running at (\S+)/.exec(started.output());
    if (match) return match[1] as string;
    if (started.child.exitCode !== null) throw new Error(`exited early:\n${started.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`never became ready:\n${started.output()}`);
}

describe('npm start', () => {
  it('runs on the embedded database, prints the demo logins, and owns its data dir', { timeout: 120_000 }, async () => {
    const dataDir = tempDir();
    const first = launch({ RELAY_DATA_DIR: dataDir });
    const url = await urlOf(first);
    expect(first.output()).toContain('Database: embedded PostgreSQL (PGlite)');
    expect(first.output()).toContain('demo tenant seeded');
    for (const login of DEMO_LOGINS) expect(first.output()).toContain(login.email);
    expect(first.output()).toContain('password "demo1234"');

    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);

    const second = launch({ RELAY_DATA_DIR: dataDir });
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain(`in use by another Relay process (pid ${first.child.pid}`);

    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('Relay stopped.');
    expect(existsSync(join(dataDir, 'relay.lock'))).toBe(false);

    // Restarting keeps the data and does not seed twice.
    const third = launch({ RELAY_DATA_DIR: dataDir });
    await urlOf(third);
    expect(third.output()).not.toContain('demo tenant seeded');
    expect(third.output()).toContain('owner@demo.test');
    third.child.kill('SIGTERM');
    expect(await third.exited).toBe(0);
  });

  it('uses DATABASE_URL when it is set and starts nothing embedded', { timeout: 120_000 }, async () => {
    const scratch = await createScratchDatabase();
    const dataDir = join(tempDir(), 'unused');
    try {
      const relay = launch({ DATABASE_URL: scratch.url, RELAY_DATA_DIR: dataDir });
      const url = await urlOf(relay);
      expect(relay.output()).toContain('Database: PostgreSQL at DATABASE_URL');
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
      relay.child.kill('SIGINT');
      expect(await relay.exited).toBe(0);
      expect(existsSync(dataDir)).toBe(false);

      const sql = createDb({ url: scratch.url, max: 1 });
      const operators = await sql<{ email: string }[]>`
        select o.email from operators o join tenants t on t.id = o.tenant_id where t.slug = 'demo' order by o.email`;
      await sql.end();
      expect(operators.map((o) => o.email)).toEqual(DEMO_LOGINS.map((l) => l.email).sort());
    } finally {
      await scratch.drop();
    }
  });

  it('refuses a bad environment with one line naming the variable', async () => {
    const relay = launch({ PORT: 'eighty', RELAY_DATA_DIR: tempDir() });
    expect(await relay.exited).toBe(1);
    expect(relay.output().trim()).toMatch(/^Invalid configuration: PORT [^\n]*$/);
  });
});
