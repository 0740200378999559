import { startTelegramStandIn, type TelegramStandIn } from '@relay/channels/testing';
import { loadConfig } from '@relay/config';
import {
  DELIVER_MESSAGE_JOB,
  type EventRow,
  enqueueJob,
  insertOutboundMessage,
  readEvents,
  requeueJob,
  resetFailedMessage,
  seedDemoTenant,
  withTenant,
} from '@relay/db';
import { uniqueSlug, useScratchDb } from '@relay/db/testing';
import { createLogger } from '@relay/logger';
import { createMetrics } from '@relay/metrics';
import { sealSecret } from '@relay/security';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { retryDelayMs } from '../src/delivery/backoff.ts';
import { createWorker, type Worker } from '../src/worker.ts';

// Workers claim jobs of every tenant: this file gets a database of its own.
const db = useScratchDb();
const BOT_TOKEN = '123456789:AAH-worker-test-token-000000000000';
const config = loadConfig({ NODE_ENV: 'test' });
let telegram: TelegramStandIn;
const workers: Worker[] = [];

beforeAll(async () => {
  telegram = await startTelegramStandIn({ botTokens: [BOT_TOKEN] });
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await telegram.close();
});

const metrics = createMetrics({ app: 'worker-test' });

function startWorker(published: EventRow[] = []) {
  const worker = createWorker({
    metrics,
    sql: db(),
    logger: createLogger({ app: 'worker-test', level: 'silent' }),
    config: { ...config, providers: { ...config.providers, telegramBaseUrl: telegram.baseUrl } },
    publisher: { publish: async (events) => void published.push(...events) },
    pollMs: 50,
  });
  workers.push(worker);
  return worker;
}

/** A demo tenant whose Telegram account has a bot token, and `count` queued replies in one chat. */
async function queuedReplies(count: number, chatId: string) {
  const sql = db();
  const tenantId = await seedDemoTenant(sql, {
    slug: uniqueSlug('wk'),
    name: 'Worker',
    encryptionKey: config.encryptionKey,
  });
  return withTenant(sql, tenantId, async (tx) => {
    const [conv] = await tx<{ id: string; channelAccountId: string }[]>`
      select c.id, c.channel_account_id from conversations c join channel_accounts a on a.id = c.channel_account_id
       where c.tenant_id = ${tenantId} and a.channel = 'telegram' limit 1`;
    const conversationId = conv?.id as string;
    await tx`update conversations set external_chat_id = ${chatId} where tenant_id = ${tenantId} and id = ${conversationId}`;
    await tx`update channel_accounts set credentials = ${sealSecret(config.encryptionKey, JSON.stringify({ botToken: BOT_TOKEN }))}
              where tenant_id = ${tenantId} and id = ${conv?.channelAccountId as string}`;
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const { message } = await insertOutboundMessage(tx, tenantId, {
        conversationId,
        channelAccountId: conv?.channelAccountId as string,
        actorType: 'operator',
        actorId: null,
        clientMessageId: `w-${chatId}-${i}`,
        content: `reply ${i}`,
      });
      await enqueueJob(tx, tenantId, {
        kind: DELIVER_MESSAGE_JOB,
        payload: { messageId: message.id },
        dedupeKey: message.id,
      });
      ids.push(message.id);
    }
    return { tenantId, ids };
  });
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const statusOf = async (tenantId: string, id: string) => {
  const [row] = await db()<{ status: string; externalMessageId: string | null; error: string | null }[]>`
    select status, external_message_id, error from messages where tenant_id = ${tenantId} and id = ${id}`;
  return row;
};

describe('outbound delivery', () => {
  it('sends through Telegram, marks the message sent and publishes message.updated', async () => {
    const { tenantId, ids } = await queuedReplies(1, '900001');
    const published: EventRow[] = [];
    startWorker(published);
    const row = await until(
      () => statusOf(tenantId, ids[0] as string),
      (r) => r?.status === 'sent',
    );
    expect(row).toMatchObject({ status: 'sent', externalMessageId: expect.stringMatching(/^900001:\d+$/) });
    const sent = telegram.requests.find((r) => (r.body as { chat_id?: unknown }).chat_id === '900001');
    expect(sent?.path).toBe(`/bot${BOT_TOKEN}/sendMessage`);
    expect(sent?.body).toMatchObject({ chat_id: '900001', text: 'reply 0' });
    const events = await withTenant(db(), tenantId, (tx) => readEvents(tx, tenantId, 0, 1000));
    expect(events.at(-1)).toMatchObject({ type: 'message.updated', payload: { messageId: ids[0], status: 'sent' } });
    expect(published.some((e) => e.tenantId === tenantId && e.type === 'message.updated')).toBe(true);
    const counted = await metrics.registry.getSingleMetricAsString('relay_outbound_deliveries_total');
    expect(counted).toMatch(/relay_outbound_deliveries_total\{channel="telegram",outcome="sent"[^}]*\} [1-9]/);
  });

  it('retries a 503 and then delivers', async () => {
    telegram.failNext(1, { status: 503, body: { ok: false, error_code: 503, description: 'Service Unavailable' } });
    const { tenantId, ids } = await queuedReplies(1, '900002');
    startWorker();
    const row = await until(
      () => statusOf(tenantId, ids[0] as string),
      (r) => r?.status === 'sent',
    );
    expect(row?.status).toBe('sent');
    const [job] = await db()`select attempts, status from jobs where tenant_id = ${tenantId}`;
    expect(job).toEqual({ attempts: 2, status: 'done' });
  });

  it('fails for good on a 400, recording the reason on the message and the account', async () => {
    telegram.failNext(1, {
      status: 400,
      body: { ok: false, error_code: 400, description: 'Bad Request: chat not found' },
    });
    const { tenantId, ids } = await queuedReplies(1, '900003');
    startWorker();
    const row = await until(
      () => statusOf(tenantId, ids[0] as string),
      (r) => r?.status === 'failed',
    );
    expect(row).toMatchObject({ status: 'failed', error: expect.stringContaining('chat not found') });
    const [job] = await db()`select status, last_error from jobs where tenant_id = ${tenantId}`;
    expect(job?.status).toBe('dead');
    const [account] = await db()`select error_count, last_error from channel_accounts
                                 where tenant_id = ${tenantId} and channel = 'telegram'`;
    expect(account?.errorCount).toBe(1);
  });

  it('delivers a failed reply once it is reset and its job requeued (what the API retry does)', async () => {
    telegram.refuseChat('900005', 'Bad Request: chat not found');
    const { tenantId, ids } = await queuedReplies(1, '900005');
    const id = ids[0] as string;
    startWorker();
    const failed = await until(
      () => statusOf(tenantId, id),
      (r) => r?.status === 'failed',
    );
    expect(failed?.error).toContain('chat not found');

    telegram.refuseChat('900005', null);
    await withTenant(db(), tenantId, async (tx) => {
      expect(await resetFailedMessage(tx, tenantId, id)).toMatchObject({ status: 'pending', error: null });
      await requeueJob(tx, tenantId, { kind: DELIVER_MESSAGE_JOB, payload: { messageId: id }, dedupeKey: id });
      // Not failed any more: a second reset changes nothing.
      expect(await resetFailedMessage(tx, tenantId, id)).toBeUndefined();
    });
    const row = await until(
      () => statusOf(tenantId, id),
      (r) => r?.status === 'sent',
    );
    expect(row).toMatchObject({ status: 'sent', error: null });
    const [job] = await db()`select status, attempts from jobs where tenant_id = ${tenantId}`;
    expect(job).toEqual({ status: 'done', attempts: 1 });
    const sends = telegram.requests.filter((r) => (r.body as { chat_id?: unknown }).chat_id === '900005');
    expect(sends).toHaveLength(2);
  });

  it('never sends one message twice with two workers racing', async () => {
    const { tenantId, ids } = await queuedReplies(20, '900004');
    startWorker();
    startWorker();
    await until(
      () => db()`select count(*)::int as n from messages where tenant_id = ${tenantId} and status = 'sent'`,
      (rows) => rows[0]?.n === ids.length,
    );
    const texts = telegram.requests
      .filter((r) => (r.body as { chat_id?: unknown }).chat_id === '900004')
      .map((r) => (r.body as { text: string }).text)
      .sort();
    expect(texts).toEqual(ids.map((_, i) => `reply ${i}`).sort());
  });
});

describe('retry delays', () => {
  it('grow exponentially with full jitter, capped, and honour Retry-After', () => {
    expect(retryDelayMs(1, null, () => 0.999)).toBeLessThan(1000);
    expect(retryDelayMs(4, null, () => 0.999)).toBeGreaterThan(7000);
    expect(retryDelayMs(40, null, () => 0.999)).toBeLessThanOrEqual(10 * 60 * 1000);
    expect(retryDelayMs(1, 30_000, () => 0)).toBe(30_000);
  });
});
