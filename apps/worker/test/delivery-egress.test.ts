// SSRF through an api channel's callbackUrl, end to end in the worker: an
// operator's reply to an account whose callback points at an internal
// service (stored before callback URLs were checked, or a name whose DNS
// changed since) ends `failed` with a short reason in Relay's words, and the
// internal service receives nothing. An allowlisted callback still works.

import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startApiCallbackStandIn } from '@relay/channels/testing';
import { loadConfig } from '@relay/config';
import {
  createChannelAccount,
  DELIVER_MESSAGE_JOB,
  enqueueJob,
  insertOutboundMessage,
  seedDemoTenant,
  withTenant,
} from '@relay/db';
import { uniqueSlug, useScratchDb } from '@relay/db/testing';
import { createLogger } from '@relay/logger';
import { createMetrics } from '@relay/metrics';
import { randomToken, sealSecret } from '@relay/security';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorker, type Worker } from '../src/worker.ts';

const db = useScratchDb();
const SECRET = 'callback-secret-0123456789';
const metrics = createMetrics({ app: 'worker-egress-test' });
const internalRequests: IncomingMessage[] = [];
const internal = createServer((req, res) => {
  internalRequests.push(req);
  res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"admin-secret-token"}');
});
let internalPort = 0;
let callback: Awaited<ReturnType<typeof startApiCallbackStandIn>>;
let worker: Worker;

beforeAll(async () => {
  await new Promise<void>((resolve) => internal.listen(0, '127.0.0.1', resolve));
  internalPort = (internal.address() as AddressInfo).port;
  callback = await startApiCallbackStandIn({ secret: SECRET });
  // The deployment allowlists its own integration's stand-in, and nothing else.
  const config = loadConfig({ NODE_ENV: 'test', OUTBOUND_ALLOW: new URL(callback.url).host });
  worker = createWorker({
    metrics,
    sql: db(),
    logger: createLogger({ app: 'worker-egress-test', level: 'silent' }),
    config,
    pollMs: 50,
    // "crm.customer.test" resolves to loopback here: the name passed when the account was saved.
    resolver: async (hostname) => {
      if (hostname === 'crm.customer.test') return [{ address: '127.0.0.1', family: 4 }];
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    },
  });
});

afterAll(async () => {
  await worker?.stop();
  await callback?.close();
  internal.closeAllConnections();
  await new Promise((resolve) => internal.close(resolve));
});

const config = loadConfig({ NODE_ENV: 'test' });

/** An api channel account with this callback URL, and one operator reply queued on it. */
async function replyThrough(callbackUrl: string) {
  const sql = db();
  const tenantId = await seedDemoTenant(sql, {
    slug: uniqueSlug('egress'),
    name: 'Egress',
    encryptionKey: config.encryptionKey,
  });
  const messageId = await withTenant(sql, tenantId, async (tx) => {
    const account = await createChannelAccount(tx, tenantId, {
      channel: 'api',
      name: 'CRM',
      externalAccountId: `crm-${uniqueSlug('a')}`,
      webhookToken: randomToken(24),
      secret: sealSecret(config.encryptionKey, SECRET),
      credentials: sealSecret(config.encryptionKey, JSON.stringify({ callbackUrl })),
      settings: {},
      queueId: null,
    });
    const [conv] = await tx<{ id: string }[]>`
      insert into conversations (tenant_id, channel_account_id, external_chat_id, client_id, status)
      select ${tenantId}, ${account.id}, 'chat-1', id, 'open' from clients where tenant_id = ${tenantId} limit 1
      returning id`;
    const { message } = await insertOutboundMessage(tx, tenantId, {
      conversationId: conv?.id as string,
      channelAccountId: account.id,
      actorType: 'operator',
      actorId: null,
      clientMessageId: uniqueSlug('c'),
      content: 'Your order shipped',
    });
    await enqueueJob(tx, tenantId, {
      kind: DELIVER_MESSAGE_JOB,
      payload: { messageId: message.id },
      dedupeKey: message.id,
    });
    return message.id;
  });
  worker.nudge();
  return { tenantId, messageId };
}

async function settled(tenantId: string, id: string) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const [row] = await db()<{ status: string; error: string | null; externalMessageId: string | null }[]>`
      select status, error, external_message_id from messages where tenant_id = ${tenantId} and id = ${id}`;
    if (row?.status !== 'pending' || Date.now() > deadline) return row;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('api channel callbacks and the egress policy', () => {
  it.each([
    ['a loopback address', () => `http://127.0.0.1:${internalPort}/admin/users`],
    ['a name that resolves to loopback', () => `http://crm.customer.test:${internalPort}/admin/users`],
  ])('fails a reply whose callback is %s, without a request, in fixed words', async (_what, url) => {
    const before = internalRequests.length;
    const { tenantId, messageId } = await replyThrough(url());
    const row = await settled(tenantId, messageId);
    expect(row).toMatchObject({
      status: 'failed',
      error: 'api channel callback: refused: the destination is a loopback address, which is not allowed',
    });
    expect(row?.error).not.toContain('admin-secret-token');
    expect(internalRequests.length).toBe(before);
    expect(await metrics.registry.getSingleMetricAsString('relay_egress_refused_total')).toMatch(
      /relay_egress_refused_total\{caller="worker",app="worker-egress-test"\} [1-9]/,
    );
  });

  it('delivers to the allowlisted callback', async () => {
    const { tenantId, messageId } = await replyThrough(callback.url);
    const row = await settled(tenantId, messageId);
    expect(row).toMatchObject({ status: 'sent', externalMessageId: expect.stringMatching(/^ext-/) });
    expect(callback.requests.at(-1)).toMatchObject({
      verified: true,
      body: { message: { text: 'Your order shipped' } },
    });
  });
});
