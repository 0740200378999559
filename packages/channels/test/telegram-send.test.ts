import { describe, expect, it } from 'vitest';
import { sendTelegramMessage } from '../src/index.ts';
import { startTelegramStandIn } from '../src/testing/index.ts';
import { closeAfterTest, failure, testEgress } from './support/delivery.ts';

async function telegram(botTokens?: string[]) {
  const standIn = await startTelegramStandIn({ botTokens });
  closeAfterTest(standIn.close);
  const egress = testEgress({ trustedUrls: [standIn.baseUrl] });
  const send = (overrides: Partial<Parameters<typeof sendTelegramMessage>[0]> = {}) =>
    sendTelegramMessage({
      egress,
      baseUrl: standIn.baseUrl,
      botToken: '123:ABC',
      chatId: '111',
      text: 'Hi there',
      ...overrides,
    });
  return { standIn, send };
}

describe('sendTelegramMessage', () => {
  it('posts sendMessage and returns "<chat>:<message_id>", numbering per chat', async () => {
    const { standIn, send } = await telegram(['123:ABC']);
    expect(await send({ replyToMessageId: 40 })).toEqual({ externalMessageId: '111:1' });
    expect(await send()).toEqual({ externalMessageId: '111:2' });
    expect(await send({ chatId: -100_500 })).toEqual({ externalMessageId: '-100500:1' });
    expect(standIn.requests[0]).toMatchObject({
      method: 'POST',
      path: '/bot123:ABC/sendMessage',
      body: {
        chat_id: '111',
        text: 'Hi there',
        reply_parameters: { message_id: 40, allow_sending_without_reply: true },
      },
    });
    expect(standIn.requests[1]?.body).toEqual({ chat_id: '111', text: 'Hi there' });
  });

  it('retries 429 after retry_after, and 5xx', async () => {
    const { standIn, send } = await telegram();
    const tooMany = {
      ok: false,
      error_code: 429,
      description: 'Too Many Requests: retry after 5',
      parameters: { retry_after: 5 },
    };
    standIn.failNext(1, { status: 429, body: tooMany });
    standIn.failNext(1, { status: 502, body: '<html>Bad Gateway</html>' });
    expect(await failure(send())).toMatchObject({
      status: 429,
      retryable: true,
      retryAfterMs: 5000,
      message: 'Telegram: Too Many Requests: retry after 5',
    });
    expect(await failure(send())).toMatchObject({ status: 502, retryable: true, retryAfterMs: null });
  });

  it('does not retry a bad token, a missing chat or a blocked bot, and never shows the token', async () => {
    const { standIn, send } = await telegram(['123:ABC']);
    const unauthorized = await failure(send({ botToken: '999:WRONG' }));
    expect(unauthorized).toMatchObject({ status: 401, retryable: false, message: 'Telegram: Unauthorized' });
    expect(`${unauthorized.message} ${unauthorized.stack}`).not.toContain('999:WRONG');
    expect(await failure(send({ chatId: '@nobody' }))).toMatchObject({
      status: 400,
      retryable: false,
      message: 'Telegram: Bad Request: chat not found',
    });
    standIn.failNext(1, {
      status: 403,
      body: { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' },
    });
    expect(await failure(send())).toMatchObject({ status: 403, retryable: false });
  });

  it('gives up at the timeout, as a retryable failure', async () => {
    const { standIn, send } = await telegram();
    standIn.failNext(1, {
      status: 200,
      body: { ok: true, result: { message_id: 1, chat: { id: 111 } } },
      delayMs: 2000,
    });
    const error = await failure(send({ timeoutMs: 100 }));
    expect(error).toMatchObject({ status: null, retryable: true, message: 'Telegram: no answer within 100 ms' });
  });

  it('treats an unreachable API as retryable', async () => {
    const { standIn, send } = await telegram();
    await standIn.close();
    expect(await failure(send())).toMatchObject({ status: null, retryable: true });
  });
});
