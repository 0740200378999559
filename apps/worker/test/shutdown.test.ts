import { startTelegramStandIn, type TelegramStandIn } from '@relay/channels/testing';
import { loadConfig } from '@relay/config';
import { DELIVER_MESSAGE_JOB, enqueueJob, insertOutboundMessage, seedDemoTenant, withTenant } from '@relay/db';
import { uniqueSlug, useScratchDb } from '@relay/db/testing';
import { createLogger } from '@relay/logger';
import { sealSecret } from '@relay/security';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createWorker, type Worker } from '../src/worker.ts';

// SIGTERM in the worker (issue 13, item 6): stop claiming, let the job in
// flight finish within the deadline, and only then may the pools close.
// A database of its own: no other file's worker may claim these jobs.
const db = useScratchDb();
const BOT_TOKEN = '123456789:AAH-worker-stop-token-0000000000000';
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

function startWorker(): Worker {
  const worker = createWorker({
    sql: db(),
    logger: createLogger({ app: 'worker-stop-test', level: 'silent' }),
    config: { ...config, providers: { ...config.providers, telegramBaseUrl: telegram.baseUrl } },
    publisher: { publish: async () => {} },
    pollMs: 20,
  });
  workers.push(worker);
  return worker;
}

/** One queued Telegram reply to `chatId`; returns its message id. */
async function queuedReply(chatId: string): Promise<{ tenantId: string; messageId: string }> {
  const tenantId = await seedDemoTenant(db(), {
    slug: uniqueSlug('stop'),
    name: 'Stop',
    encryptionKey: config.encryptionKey,
  });
  return withTenant(db(), tenantId, async (tx) => {
    const [conv] = await tx<{ id: string; channelAccountId: string }[]>`
      select c.id, c.channel_account_id from conversations c join channel_accounts a on a.id = c.channel_account_id
       where c.tenant_id = ${tenantId} and a.channel = 'telegram' limit 1`;
    const conversationId = conv?.id as string;
    const channelAccountId = conv?.channelAccountId as string;
    await tx`update conversations set external_chat_id = ${chatId} where tenant_id = ${tenantId} and id = ${conversationId}`;
    await tx`update channel_accounts set credentials = ${sealSecret(config.encryptionKey, JSON.stringify({ botToken: BOT_TOKEN }))}
              where tenant_id = ${tenantId} and id = ${channelAccountId}`;
    const { message } = await insertOutboundMessage(tx, tenantId, {
      conversationId,
      channelAccountId,
      actorType: 'operator',
      actorId: null,
      clientMessageId: `stop-${chatId}`,
      content: 'goodbye',
    });
    await enqueueJob(tx, tenantId, {
      kind: DELIVER_MESSAGE_JOB,
      payload: { messageId: message.id },
      dedupeKey: message.id,
    });
    return { tenantId, messageId: message.id };
  });
}

const statusOf = async (tenantId: string, id: string) => {
  const [row] = await db()<
    { status: string }[]
  >`select status from messages where tenant_id = ${tenantId} and id = ${id}`;
  return row?.status;
};

/** Telegram answers the next send only after `delayMs`: a job that is in flight when the worker stops. */
function slowNextSend(chatId: number, delayMs: number) {
  telegram.failNext(1, {
    status: 200,
    body: { ok: true, result: { message_id: 4242, date: 0, chat: { id: chatId, type: 'private' }, text: 'goodbye' } },
    delayMs,
  });
}

describe('stopping the worker', () => {
  it('lets the job in flight finish before it reports stopped', async () => {
    const { tenantId, messageId } = await queuedReply('910001');
    slowNextSend(910001, 1500);
    const sent = telegram.requests.length;
    const worker = startWorker();
    await vi.waitUntil(() => telegram.requests.length > sent, { timeout: 15_000, interval: 10 });
    // The send is on its way and answered only later: the worker stops mid-job.
    expect(await worker.stop({ timeoutMs: 20_000 })).toBe(true);
    expect(await statusOf(tenantId, messageId)).toBe('sent');
  });

  it('gives up waiting at the deadline and says so', async () => {
    const { tenantId, messageId } = await queuedReply('910002');
    slowNextSend(910002, 4000);
    const sent = telegram.requests.length;
    const worker = startWorker();
    await vi.waitUntil(() => telegram.requests.length > sent, { timeout: 15_000, interval: 10 });
    expect(await worker.stop({ timeoutMs: 100 })).toBe(false);
    expect(await statusOf(tenantId, messageId)).not.toBe('sent');
    // The job was not abandoned by the process: it still completes on the open pool.
    await vi.waitUntil(async () => (await statusOf(tenantId, messageId)) === 'sent', { timeout: 15_000, interval: 50 });
  });
});
