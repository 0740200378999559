// Delivers an operator's message to an api channel integration: a signed POST
// of the callback body to its URL, answered with the integration's own id.
import { type ApiChannelCallback, apiChannelCallbackResponse } from '@relay/contracts/webhooks';
import { DeliveryError, isRetryableStatus, parseRetryAfter, truncateReason } from '../delivery-error.ts';
import { postJson } from '../post-json.ts';
import { hmacSha256Hex } from '../signatures.ts';

export type SendApiChannelMessageOptions = {
  callbackUrl: string;
  /** The account's secret: the same key the integration signs its webhooks with. */
  secret: string;
  message: ApiChannelCallback['message'];
  signal?: AbortSignal;
  timeoutMs?: number;
};

/** The integration's own words for a refusal, when it sent any. */
function reasonOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { error, message } = body as Record<string, unknown>;
  if (typeof error === 'string') return error;
  if (typeof message === 'string') return message;
  return undefined;
}

export async function sendApiChannelMessage(
  options: SendApiChannelMessageOptions,
): Promise<{ externalMessageId: string }> {
  const callback: ApiChannelCallback = { event: 'message', message: options.message };
  const body = JSON.stringify(callback);
  const response = await postJson({
    url: options.callbackUrl,
    headers: { 'x-signature': `sha256=${hmacSha256Hex(options.secret, body)}` },
    body,
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    provider: 'api channel callback',
  });
  const ok = apiChannelCallbackResponse.safeParse(response.body);
  if (response.status < 300 && ok.success) return { externalMessageId: ok.data.id };
  const reason =
    response.status < 300
      ? 'the answer has no {"id": "<string>"}'
      : (reasonOf(response.body) ?? `HTTP ${response.status}`);
  throw new DeliveryError({
    message: truncateReason(`api channel callback: ${reason}`),
    status: response.status,
    retryable: isRetryableStatus(response.status),
    retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
  });
}
