// The webhook account cache (src/ingest/account-cache.ts): a hit never reaches
// the database, and a change made through one API instance reaches the cache of
// another at once, through Redis, before the writer answers.
import { randomBytes } from 'node:crypto';
import { telegramTextUpdate } from '@relay/channels/testing';
import { findWebhookAccount } from '@relay/db';
import { useTestDb } from '@relay/db/testing';
import { createLogger } from '@relay/logger';
import { createRedisClient } from '@relay/realtime';
import { sealSecret } from '@relay/security';
import type { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createWebhookAccountCache,
  type WebhookAccountLookup,
  type WebhookAccounts,
} from '../src/ingest/account-cache.ts';
import { type Api, config, expectErrorShape, useApi } from './support/api-harness.ts';

const BOT_TOKEN = '123456789:AAH-test-token-for-relay-0000000000';
const logger = createLogger({ app: 'api-test', level: 'silent' });
const redisUrl = process.env.REDIS_URL;
if (!redisUrl) process.stdout.write('webhook account cache across instances: skipped (REDIS_URL is not set)\n');

/** findWebhookAccount, counted per token: what reached the database. */
function countingLookup() {
  const reads = new Map<string, number>();
  const lookup: WebhookAccountLookup = (sql, token) => {
    reads.set(token, (reads.get(token) ?? 0) + 1);
    return findWebhookAccount(sql, token);
  };
  return { lookup, readsOf: (token: string) => reads.get(token) ?? 0 };
}

type Account = { id: string; webhookUrl: string; secret: string; tenantId: string; owner: string; token: string };

async function telegramAccount(api: Api): Promise<Account> {
  const { slug, tenantId } = await api.demoTenant();
  const owner = (await api.login(slug, 'owner@demo.test')).accessToken;
  const created = await api.call('POST', '/api/v1/channel-accounts', {
    token: owner,
    body: {
      channel: 'telegram',
      name: 'Cached',
      externalAccountId: `ext-${slug}`,
      credentials: { botToken: BOT_TOKEN },
    },
  });
  expect(created.status).toBe(201);
  const token = new URL(created.body.webhookUrl).pathname.split('/').at(-1) as string;
  return { ...created.body, tenantId, owner, token };
}

let nextMessageId = 1;
function post(api: Api, acc: Account, secret = acc.secret) {
  const messageId = nextMessageId++;
  return api.call('POST', `/webhooks/telegram/${acc.token}`, {
    raw: JSON.stringify(telegramTextUpdate({ chatId: 41, messageId, text: `m${messageId}` })),
    headers: { 'x-telegram-bot-api-secret-token': secret },
  });
}

describe('webhook account cache in one process', () => {
  const counted = countingLookup();
  const cache = createWebhookAccountCache({ sql: useTestDb(), logger, lookup: counted.lookup });
  const api = useApi({ webhookAccounts: cache });

  it('answers a repeated webhook without the database, and still stamps last_webhook_at', async () => {
    const acc = await telegramAccount(api);
    expect((await post(api, acc)).status).toBe(200);
    expect((await post(api, acc)).status).toBe(200);
    expect((await post(api, acc)).status).toBe(200);
    expect(counted.readsOf(acc.token)).toBe(1);
    const [row] = await api.sql<{ at: Date | null }[]>`
      select last_webhook_at as at from channel_accounts where tenant_id = ${acc.tenantId} and id = ${acc.id}`;
    expect(row?.at).toBeInstanceOf(Date);
  });

  it('remembers an unknown token, so a flood to it reads the database once', async () => {
    const token = randomBytes(24).toString('base64url');
    for (let i = 0; i < 3; i++) {
      expectErrorShape(await api.call('POST', `/webhooks/telegram/${token}`, { raw: '{}' }), 404, 'not_found');
    }
    expect(counted.readsOf(token)).toBe(1);
  });

  it('drops the entry on the PATCH that deactivates the account', async () => {
    const acc = await telegramAccount(api);
    expect((await post(api, acc)).status).toBe(200);
    const patched = await api.call('PATCH', `/api/v1/channel-accounts/${acc.id}`, {
      token: acc.owner,
      body: { isActive: false },
    });
    expect(patched.status).toBe(200);
    expectErrorShape(await post(api, acc), 404, 'not_found');
    expect(counted.readsOf(acc.token)).toBe(2);
  });
});

describe.skipIf(!redisUrl)('webhook account cache across API instances (Redis)', () => {
  const channel = `relay-test:webhook-accounts:${randomBytes(6).toString('hex')}`;
  const redis = redisUrl ? createRedisClient(redisUrl, { name: 'test', logger }) : (undefined as unknown as Redis);
  const countedA = countingLookup();
  const countedB = countingLookup();
  const sql = useTestDb();
  const caches: { a?: WebhookAccounts; b?: WebhookAccounts } = redisUrl
    ? {
        a: createWebhookAccountCache({ sql, redis, logger, channel, lookup: countedA.lookup }),
        b: createWebhookAccountCache({ sql, redis, logger, channel, lookup: countedB.lookup }),
      }
    : {};
  const a = useApi(caches.a ? { webhookAccounts: caches.a } : {});
  const b = useApi(caches.b ? { webhookAccounts: caches.b } : {});
  afterAll(async () => {
    await caches.a?.close();
    await caches.b?.close();
    await redis?.quit();
  });
  const ready = () => Promise.all([caches.a?.ready, caches.b?.ready]);

  /** An account with a webhook already answered (so cached) by both instances. */
  async function cachedByBoth(): Promise<Account> {
    await ready();
    const acc = await telegramAccount(a);
    expect((await post(a, acc)).status).toBe(200);
    expect((await post(b, acc)).status).toBe(200);
    expect((await post(b, acc)).status).toBe(200);
    expect(countedB.readsOf(acc.token)).toBe(1);
    return acc;
  }

  it('a deactivated account gets 404 from the other instance right after the PATCH', async () => {
    const acc = await cachedByBoth();
    const off = await a.call('PATCH', `/api/v1/channel-accounts/${acc.id}`, {
      token: acc.owner,
      body: { isActive: false },
    });
    expect(off.status).toBe(200);
    expectErrorShape(await post(b, acc), 404, 'not_found');
    expectErrorShape(await post(a, acc), 404, 'not_found');
    // And back, through the other instance.
    const on = await b.call('PATCH', `/api/v1/channel-accounts/${acc.id}`, {
      token: acc.owner,
      body: { isActive: true },
    });
    expect(on.status).toBe(200);
    expect((await post(a, acc)).status).toBe(200);
  });

  it('a rotated secret takes effect at once in every instance', async () => {
    const acc = await cachedByBoth();
    const rotated = randomBytes(16).toString('hex');
    await a.sql`update channel_accounts set secret = ${sealSecret(config.encryptionKey, rotated)}
                 where tenant_id = ${acc.tenantId} and id = ${acc.id}`;
    await caches.a?.changed({ tenantId: acc.tenantId, accountId: acc.id });
    expectErrorShape(await post(b, acc), 401, 'invalid_signature');
    expect((await post(b, acc, rotated)).status).toBe(200);
    expect((await post(a, acc, rotated)).status).toBe(200);
  });

  it('a suspended tenant gets its 403 at once in every instance, and a reopened one its 200', async () => {
    const acc = await cachedByBoth();
    await a.sql`update tenants set suspended = true where id = ${acc.tenantId}`;
    await caches.a?.changed({ tenantId: acc.tenantId });
    expectErrorShape(await post(b, acc), 403, 'tenant_suspended');
    expectErrorShape(await post(a, acc), 403, 'tenant_suspended');
    await a.sql`update tenants set suspended = false where id = ${acc.tenantId}`;
    await caches.b?.changed({ tenantId: acc.tenantId });
    expect((await post(a, acc)).status).toBe(200);
    expect((await post(b, acc)).status).toBe(200);
  });

  it('a queue deleted under an account drops the entry in every instance', async () => {
    const acc = await cachedByBoth();
    const queue = await a.call('POST', '/api/v1/queues', { token: acc.owner, body: { name: 'Temporary' } });
    expect(queue.status).toBe(201);
    const moved = await a.call('PATCH', `/api/v1/channel-accounts/${acc.id}`, {
      token: acc.owner,
      body: { queueId: queue.body.id },
    });
    expect(moved.status).toBe(200);
    expect((await post(b, acc)).status).toBe(200);
    const readsBefore = countedB.readsOf(acc.token);
    expect((await a.call('DELETE', `/api/v1/queues/${queue.body.id}`, { token: acc.owner })).status).toBe(204);
    expect((await post(b, acc)).status).toBe(200);
    expect(countedB.readsOf(acc.token)).toBe(readsBefore + 1);
  });
});
