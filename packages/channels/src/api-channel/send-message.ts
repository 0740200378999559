// Delivers an operator's message to an api channel integration: a signed POST
// of the callback body to its URL, answered with the integration's own id.
// The URL is the tenant's: it goes through the egress policy like any other,
// and nothing the far end wrote comes back in a failure (the reason is ours:
// an HTTP status or a fixed phrase), so a callback aimed at an internal
// service cannot read its answers through the message's error.
import { type ApiChannelCallback, apiChannelCallbackResponse } from '@relay/contracts/webhooks';
import type { Egress } from '@relay/egress';
import { DeliveryError, isRetryableStatus, parseRetryAfter } from '../delivery-error.ts';
import { postJson } from '../post-json.ts';
import { hmacSha256Hex } from '../signatures.ts';

export type SendApiChannelMessageOptions = {
  egress: Egress;
  callbackUrl: string;
  /** The account's secret: the same key the integration signs its webhooks with. */
  secret: string;
  message: ApiChannelCallback['message'];
  signal?: AbortSignal;
  timeoutMs?: number;
};

export async function sendApiChannelMessage(
  options: SendApiChannelMessageOptions,
): Promise<{ externalMessageId: string }> {
  const callback: ApiChannelCallback = { event: 'message', message: options.message };
  const body = JSON.stringify(callback);
  const response = await postJson({
    egress: options.egress,
    url: options.callbackUrl,
    headers: { 'x-signature': `sha256=${hmacSha256Hex(options.secret, body)}` },
    body,
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    provider: 'api channel callback',
  });
  const ok = apiChannelCallbackResponse.safeParse(response.body);
  if (response.status < 300 && ok.success) return { externalMessageId: ok.data.id };
  const reason = response.status < 300 ? 'the answer has no {"id": "<string>"}' : `HTTP ${response.status}`;
  throw new DeliveryError({
    message: `api channel callback: ${reason}`,
    status: response.status,
    retryable: isRetryableStatus(response.status),
    retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
  });
}
