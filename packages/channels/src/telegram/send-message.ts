// Sends an operator's text to a Telegram chat through the Bot API sendMessage.
import type { Egress } from '@relay/egress';
import { z } from 'zod';
import { DeliveryError, isRetryableStatus, parseRetryAfter, truncateReason } from '../delivery-error.ts';
import { postJson } from '../post-json.ts';
import { telegramExternalId } from './external-id.ts';

export type SendTelegramMessageOptions = {
  /** The base URL is the deployment's (trusted); the policy still judges every connection. */
  egress: Egress;
  /** https://api.telegram.org in production; a stand-in in tests. */
  baseUrl: string;
  botToken: string;
  chatId: string | number;
  text: string;
  /** Telegram's message_id (not Relay's "<chat>:<message>" id) of the message answered. */
  replyToMessageId?: number;
  signal?: AbortSignal;
  timeoutMs?: number;
};

const sent = z.looseObject({
  ok: z.literal(true),
  result: z.looseObject({ message_id: z.int(), chat: z.looseObject({ id: z.int() }) }),
});

const failed = z.looseObject({
  ok: z.literal(false),
  error_code: z.int().optional(),
  description: z.string().optional(),
  parameters: z.looseObject({ retry_after: z.number().min(0).optional() }).optional(),
});

export async function sendTelegramMessage(options: SendTelegramMessageOptions): Promise<{ externalMessageId: string }> {
  const body = {
    chat_id: options.chatId,
    text: options.text,
    // Answer even when the quoted message was deleted, rather than fail the reply.
    ...(options.replyToMessageId === undefined
      ? {}
      : { reply_parameters: { message_id: options.replyToMessageId, allow_sending_without_reply: true } }),
  };
  const response = await postJson({
    egress: options.egress,
    url: `${options.baseUrl.replace(/\/+$/, '')}/bot${options.botToken}/sendMessage`,
    body: JSON.stringify(body),
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    provider: 'Telegram',
  });
  const ok = sent.safeParse(response.body);
  if (response.status < 300 && ok.success) {
    return { externalMessageId: telegramExternalId(ok.data.result.chat.id, ok.data.result.message_id) };
  }
  const error = failed.safeParse(response.body);
  const data = error.success ? error.data : undefined;
  // Telegram's HTTP status equals error_code; a 2xx we cannot read stays a 2xx,
  // which is not retried: the message may well have been sent.
  const status = response.status >= 300 ? response.status : (data?.error_code ?? response.status);
  const retryAfter = data?.parameters?.retry_after;
  throw new DeliveryError({
    message: truncateReason(`Telegram: ${data?.description ?? `unexpected answer (HTTP ${response.status})`}`),
    status,
    retryable: isRetryableStatus(status),
    retryAfterMs: retryAfter === undefined ? parseRetryAfter(response.headers.get('retry-after')) : retryAfter * 1000,
  });
}
