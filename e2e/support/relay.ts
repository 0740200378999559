// A running Relay for browser tests: the real standalone server (web UI, API,
// gateway and worker on one port), started once per test worker on a database
// of its own — a scratch database on the PostgreSQL at DATABASE_URL, or the
// embedded one `npm start` uses — with Telegram pointed at a local stand-in.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base } from '@playwright/test';
import { startTelegramStandIn, type TelegramStandIn } from '@relay/channels/testing';
import { loadConfig } from '@relay/config';
import { createServerScratchDatabase } from '@relay/db/scratch';
import { createLogger } from '@relay/logger';
import { startStandalone } from '@relay/standalone';

export const BOT_TOKEN = '123456789:AAH-e2e-test-token-00000000000000000';

export type Relay = {
  url: string;
  telegram: TelegramStandIn;
  /** An access token for a demo login. */
  token(email: string): Promise<string>;
  /** Calls the API as someone; throws on a non-2xx answer. */
  api<T = Record<string, unknown>>(token: string, method: string, path: string, body?: unknown): Promise<T>;
};

export const test = base.extend<object, { relay: Relay }>({
  relay: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads the fixtures a function asks for from this pattern
    async ({}, use) => {
      const telegram = await startTelegramStandIn({ botTokens: [BOT_TOKEN] });
      const dataDir = mkdtempSync(join(tmpdir(), 'relay-e2e-'));
      const scratch = process.env.DATABASE_URL
        ? await createServerScratchDatabase(process.env.DATABASE_URL, 'relay_e2e')
        : undefined;
      const config = loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        RELAY_DATA_DIR: dataDir,
        TELEGRAM_API_BASE_URL: telegram.baseUrl,
        LOG_LEVEL: 'warn',
        // Parallel runs (several checkouts' worth of UI) can build apart: RELAY_WEB_DIST_DIR=.next-<name>.
        RELAY_WEB_DIST_DIR: process.env.RELAY_WEB_DIST_DIR,
        ...(scratch ? { DATABASE_URL: scratch.url } : {}),
      });
      const relay = await startStandalone(config, createLogger({ app: 'e2e', level: 'warn' }));
      const api: Relay['api'] = async (token, method, path, body) => {
        const res = await fetch(`${relay.url}/api/v1${path}`, {
          method,
          headers: {
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await res.text();
        if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
        return (text ? JSON.parse(text) : {}) as never;
      };
      await use({
        url: relay.url,
        telegram,
        api,
        async token(email) {
          const login = await api<{ accessToken: string }>('', 'POST', '/auth/login', {
            tenant: 'demo',
            email,
            password: 'demo1234',
          });
          return login.accessToken;
        },
      });
      await relay.stop();
      await telegram.close();
      await scratch?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
    { scope: 'worker', timeout: 180_000 },
  ],
});

export { expect } from '@playwright/test';
