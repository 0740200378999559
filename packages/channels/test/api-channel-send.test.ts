import { describe, expect, it } from 'vitest';
import { sendApiChannelMessage } from '../src/index.ts';
import { startApiCallbackStandIn } from '../src/testing/index.ts';
import { closeAfterTest, failure, hostPortOf, testEgress } from './support/delivery.ts';

async function apiChannel() {
  const standIn = await startApiCallbackStandIn({ secret: 'hook-secret' });
  closeAfterTest(standIn.close);
  const egress = testEgress({ allow: [hostPortOf(standIn.url)] });
  const message = {
    id: '3f1c7a52-8f7e-4b8e-9a51-0c1d2e3f4a5b',
    chatId: 'vk-peer-5',
    text: 'Your order shipped',
    type: 'text' as const,
    clientMessageId: 'c-1',
    createdAt: '2025-01-01T10:00:00.000Z',
  };
  const send = (overrides: Partial<Parameters<typeof sendApiChannelMessage>[0]> = {}) =>
    sendApiChannelMessage({ egress, callbackUrl: standIn.url, secret: 'hook-secret', message, ...overrides });
  return { standIn, send, message, egress };
}

describe('sendApiChannelMessage', () => {
  it('posts the signed callback and returns the integration id', async () => {
    const { standIn, send, message } = await apiChannel();
    expect(await send()).toEqual({ externalMessageId: 'ext-1' });
    const [request] = standIn.requests;
    expect(request).toMatchObject({ verified: true, body: { event: 'message', message } });
    expect(request?.headers['x-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
  });

  it('fails without retry when the integration refuses the signature or the body, in its status only', async () => {
    const { standIn, send } = await apiChannel();
    expect(await failure(send({ secret: 'wrong' }))).toMatchObject({
      status: 401,
      retryable: false,
      message: 'api channel callback: HTTP 401',
    });
    expect(standIn.requests[0]?.verified).toBe(false);
    standIn.failNext(1, { status: 400, body: { message: 'unknown chat' } });
    expect(await failure(send())).toMatchObject({
      status: 400,
      retryable: false,
      message: 'api channel callback: HTTP 400',
    });
    standIn.failNext(1, { status: 200, body: { ok: true } });
    expect(await failure(send())).toMatchObject({ status: 200, retryable: false });
  });

  it('retries 429 with Retry-After, 500 and timeouts', async () => {
    const { standIn, send } = await apiChannel();
    standIn.failNext(1, { status: 429, body: {}, headers: { 'retry-after': '2' } });
    standIn.failNext(1, { status: 500, body: 'oops' });
    standIn.failNext(1, { status: 200, body: { id: 'late' }, delayMs: 2000 });
    expect(await failure(send())).toMatchObject({ status: 429, retryable: true, retryAfterMs: 2000 });
    expect(await failure(send())).toMatchObject({
      status: 500,
      retryable: true,
      message: 'api channel callback: HTTP 500',
    });
    expect(await failure(send({ timeoutMs: 100 }))).toMatchObject({ status: null, retryable: true });
    expect(standIn.requests).toHaveLength(3);
  });
});
