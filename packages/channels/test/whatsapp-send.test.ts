import { describe, expect, it } from 'vitest';
import { parseRetryAfter, sendWhatsAppMessage } from '../src/index.ts';
import { startWhatsAppStandIn } from '../src/testing/index.ts';
import { closeAfterTest, failure, testEgress } from './support/delivery.ts';

async function whatsApp() {
  const standIn = await startWhatsAppStandIn({ accessToken: 'EAAG-token', phoneNumberIds: ['106540352242922'] });
  closeAfterTest(standIn.close);
  const egress = testEgress({ trustedUrls: [standIn.baseUrl] });
  const send = (overrides: Partial<Parameters<typeof sendWhatsAppMessage>[0]> = {}) =>
    sendWhatsAppMessage({
      egress,
      baseUrl: standIn.baseUrl,
      accessToken: 'EAAG-token',
      phoneNumberId: '106540352242922',
      to: '16315551181',
      text: 'Hello from Relay',
      ...overrides,
    });
  return { standIn, send };
}

describe('sendWhatsAppMessage', () => {
  it('posts a text message with Bearer auth and returns the wamid', async () => {
    const { standIn, send } = await whatsApp();
    const result = await send({ replyToExternalId: 'wamid.IN1' });
    expect(result.externalMessageId).toMatch(/^wamid\.[\w-]+$/);
    expect(standIn.requests[0]).toMatchObject({
      path: '/v21.0/106540352242922/messages',
      headers: { authorization: 'Bearer EAAG-token', 'content-type': 'application/json' },
      body: {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: '16315551181',
        type: 'text',
        text: { body: 'Hello from Relay', preview_url: false },
        context: { message_id: 'wamid.IN1' },
      },
    });
  });

  it('retries 429 with Retry-After (seconds or a date), 5xx and throttling codes sent as 400', async () => {
    const { standIn, send } = await whatsApp();
    const throttled = { error: { message: '(#130429) Rate limit hit', type: 'OAuthException', code: 130429 } };
    standIn.failNext(1, { status: 429, body: throttled, headers: { 'retry-after': '30' } });
    standIn.failNext(1, { status: 503, body: { error: { message: 'Service unavailable', code: 2 } } });
    standIn.failNext(1, { status: 400, body: throttled });
    expect(await failure(send())).toMatchObject({
      status: 429,
      retryable: true,
      retryAfterMs: 30_000,
      message: 'WhatsApp: (#130429) Rate limit hit (code 130429)',
    });
    expect(await failure(send())).toMatchObject({ status: 503, retryable: true });
    expect(await failure(send())).toMatchObject({ status: 400, retryable: true });
    const at = new Date(Date.now() + 60_000).toUTCString();
    expect(parseRetryAfter(at)).toBeGreaterThan(58_000);
    expect(parseRetryAfter(new Date(0).toUTCString())).toBe(0);
    expect(parseRetryAfter('soon')).toBeNull();
  });

  it('does not retry a bad token, a bad number or a re-engagement refusal', async () => {
    const { standIn, send } = await whatsApp();
    expect(await failure(send({ accessToken: 'expired' }))).toMatchObject({ status: 401, retryable: false });
    expect(await failure(send({ phoneNumberId: '999' }))).toMatchObject({ status: 400, retryable: false });
    standIn.failNext(1, {
      status: 400,
      body: {
        error: {
          message: '(#131047) Re-engagement message',
          code: 131047,
          error_data: { details: 'More than 24 hours have passed since the customer last replied.' },
        },
      },
    });
    expect(await failure(send())).toMatchObject({
      status: 400,
      retryable: false,
      message:
        'WhatsApp: (#131047) Re-engagement message (code 131047): More than 24 hours have passed since the customer last replied.',
    });
    standIn.failNext(1, { status: 403, body: { error: { message: 'Permission denied', code: 10 } } });
    expect(await failure(send())).toMatchObject({ status: 403, retryable: false });
  });

  it('gives up at the timeout, as a retryable failure', async () => {
    const { standIn, send } = await whatsApp();
    standIn.failNext(1, { status: 200, body: { messages: [{ id: 'wamid.late' }] }, delayMs: 2000 });
    expect(await failure(send({ timeoutMs: 100 }))).toMatchObject({ status: null, retryable: true });
  });

  it('honours the caller cancelling', async () => {
    const { standIn, send } = await whatsApp();
    standIn.failNext(1, { status: 200, body: { messages: [{ id: 'wamid.late' }] }, delayMs: 2000 });
    const controller = new AbortController();
    const pending = send({ signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect(await failure(pending)).toMatchObject({ message: 'WhatsApp: the send was cancelled', retryable: true });
  });
});
