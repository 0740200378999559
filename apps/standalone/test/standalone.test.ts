// `npm start` as a user runs it: the real entry file in a child process.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ChildEntry, killChildEntries, startChildEntry } from '@relay/api/testing';
import { startTelegramStandIn, type TelegramStandIn, telegramTextUpdate } from '@relay/channels/testing';
import { createDb, DEMO_LOGINS } from '@relay/db';
import { createScratchDatabase, testPoolMax } from '@relay/db/testing';
import { afterAll, describe, expect, it } from 'vitest';

const ENTRY = fileURLToPath(new URL('../src/index.ts', import.meta.url));
const dirs: string[] = [];
const onTeardown: (() => Promise<void>)[] = [];
afterAll(async () => {
  killChildEntries();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  await Promise.all(onTeardown.map((fn) => fn()));
});

const BOT_TOKEN = '123456789:AAH-standalone-test-token-0000000000';

async function call(
  url: string,
  method: string,
  path: string,
  token?: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // biome-ignore lint/suspicious/noExplicitAny: replies are asserted field by field
  return { status: res.status, body: (await res.json().catch(() => undefined)) as Record<string, any> };
}

/**
 * What README.md walks a new user through: log in as the demo owner, connect a
 * Telegram bot, receive an update on its webhook URL, read it through the API,
 * and reply (the in-process worker delivers the reply to "Telegram").
 */
async function readmeWalkthrough(url: string, telegram: TelegramStandIn) {
  const login = await call(url, 'POST', '/api/v1/auth/login', undefined, {
    tenant: 'demo',
    email: 'owner@demo.test',
    password: 'demo1234',
  });
  expect(login.status).toBe(200);
  const token = login.body.accessToken as string;
  const account = await call(url, 'POST', '/api/v1/channel-accounts', token, {
    channel: 'telegram',
    name: 'Support bot',
    externalAccountId: 'my_support_bot',
    credentials: { botToken: BOT_TOKEN },
  });
  expect(account.status).toBe(201);
  expect(account.body.webhookUrl.startsWith(`${url}/webhooks/telegram/`)).toBe(true);

  const update = telegramTextUpdate({
    chatId: 5551234,
    messageId: 1,
    text: 'Hello from Telegram',
    from: { first_name: 'Nina' },
  });
  const hook = await fetch(account.body.webhookUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': account.body.secret },
    body: JSON.stringify(update),
  });
  expect(hook.status).toBe(200);

  const list = await call(url, 'GET', '/api/v1/conversations?view=all', token);
  const conversation = list.body.items.find((c: { clientName: string }) => c.clientName === 'Nina');
  expect(conversation).toBeDefined();
  const thread = await call(url, 'GET', `/api/v1/conversations/${conversation.id}/messages`, token);
  expect(thread.body.items.map((m: { content: string }) => m.content)).toContain('Hello from Telegram');

  const reply = await call(url, 'POST', `/api/v1/conversations/${conversation.id}/messages`, token, {
    content: 'Hi Nina, how can we help?',
    clientMessageId: 'readme-reply-1',
  });
  expect(reply.status).toBe(201);
  const deadline = Date.now() + 15_000;
  let status = reply.body.status;
  while (status !== 'sent' && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const page = await call(url, 'GET', `/api/v1/conversations/${conversation.id}/messages?limit=5`, token);
    status = page.body.items.find((m: { id: string }) => m.id === reply.body.id)?.status;
  }
  expect(status).toBe('sent');
  expect(telegram.requests.map((r) => r.body)).toContainEqual(
    expect.objectContaining({ chat_id: '5551234', text: 'Hi Nina, how can we help?' }),
  );

  // The process serves webhook accounts from memory: switching the bot off takes effect at once,
  // and so does switching it back on.
  const hookAgain = (messageId: number) =>
    fetch(account.body.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': account.body.secret },
      body: JSON.stringify(telegramTextUpdate({ chatId: 5551234, messageId, text: `again ${messageId}` })),
    });
  const off = await call(url, 'PATCH', `/api/v1/channel-accounts/${account.body.id}`, token, { isActive: false });
  expect(off.status).toBe(200);
  expect((await hookAgain(2)).status).toBe(404);
  const on = await call(url, 'PATCH', `/api/v1/channel-accounts/${account.body.id}`, token, { isActive: true });
  expect(on.status).toBe(200);
  expect((await hookAgain(3)).status).toBe(200);
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'relay-standalone-'));
  dirs.push(dir);
  return dir;
}

type Started = ChildEntry;

function launch(env: Record<string, string>): Started {
  // The web UI is the e2e suite's (it builds Next once, under Playwright): here the API and gateway.
  // On every interface, as `npm start` listens: the printed URL names localhost.
  return startChildEntry(ENTRY, { HOST: '0.0.0.0', RELAY_WEB: 'false', ...env });
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
    const telegram = await startTelegramStandIn({ botTokens: [BOT_TOKEN] });
    onTeardown.push(() => telegram.close());
    const first = launch({ RELAY_DATA_DIR: dataDir, TELEGRAM_API_BASE_URL: telegram.baseUrl });
    const url = await urlOf(first);
    expect(first.output()).toContain('Database: embedded PostgreSQL (PGlite)');
    expect(first.output()).toContain('demo tenant seeded');
    for (const login of DEMO_LOGINS) expect(first.output()).toContain(login.email);
    expect(first.output()).toContain('password "demo1234"');

    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);
    await readmeWalkthrough(url, telegram);

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
      // PGlite (the embedded run's scratch database) wants one connection.
      const relay = launch({
        DATABASE_URL: scratch.url,
        DATABASE_POOL_MAX: String(testPoolMax()),
        RELAY_DATA_DIR: dataDir,
      });
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
