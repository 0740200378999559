// Sends an operator's text to a WhatsApp user through the Cloud API
// `POST /<phone-number-id>/messages`.
import type { Egress } from '@relay/egress';
import { z } from 'zod';
import { DeliveryError, isRetryableStatus, parseRetryAfter, truncateReason } from '../delivery-error.ts';
import { postJson } from '../post-json.ts';

export type SendWhatsAppMessageOptions = {
  /** The base URL is the deployment's (trusted); the policy still judges every connection. */
  egress: Egress;
  /** https://graph.facebook.com/v<version> in production; a stand-in in tests. */
  baseUrl: string;
  accessToken: string;
  phoneNumberId: string;
  /** The user's wa_id (what inbound messages carry in `from`). */
  to: string;
  text: string;
  /** The wamid of the message answered. */
  replyToExternalId?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
};

const sent = z.looseObject({ messages: z.tuple([z.looseObject({ id: z.string().min(1) })], z.unknown()) });

const failed = z.looseObject({
  error: z.looseObject({
    message: z.string().optional(),
    code: z.int().optional(),
    error_data: z.looseObject({ details: z.string().optional() }).optional(),
  }),
});

// Graph API codes for throttling and outages. Meta answers most of them with
// HTTP 400, so the status alone would call them permanent.
const retryableCodes = new Set([
  1, // API unknown: possibly a server error
  2, // API service: temporary downtime or overload
  4, // app-level call rate limit
  80007, // business account rate limit
  130429, // Cloud API throughput reached
  131000, // something went wrong
  131016, // service unavailable
  131056, // pair rate limit: too many messages to this user
]);

export async function sendWhatsAppMessage(options: SendWhatsAppMessageOptions): Promise<{ externalMessageId: string }> {
  const body = {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to: options.to,
    type: 'text',
    text: { body: options.text, preview_url: false },
    ...(options.replyToExternalId ? { context: { message_id: options.replyToExternalId } } : {}),
  };
  const response = await postJson({
    egress: options.egress,
    url: `${options.baseUrl.replace(/\/+$/, '')}/${encodeURIComponent(options.phoneNumberId)}/messages`,
    headers: { authorization: `Bearer ${options.accessToken}` },
    body: JSON.stringify(body),
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    provider: 'WhatsApp',
  });
  const ok = sent.safeParse(response.body);
  if (response.status < 300 && ok.success) return { externalMessageId: ok.data.messages[0].id };
  const error = failed.safeParse(response.body);
  const data = error.success ? error.data.error : undefined;
  const details = data?.error_data?.details;
  const reason = data?.message
    ? `${data.message}${data.code === undefined ? '' : ` (code ${data.code})`}${details ? `: ${details}` : ''}`
    : `unexpected answer (HTTP ${response.status})`;
  throw new DeliveryError({
    message: truncateReason(`WhatsApp: ${reason}`),
    status: response.status,
    retryable: response.status >= 300 && (isRetryableStatus(response.status) || retryableCodes.has(data?.code ?? -1)),
    retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
  });
}
