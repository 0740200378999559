// The one HTTP call every sender makes: POST a JSON body through the egress
// policy with a deadline, and turn the ways it can fail before a response into
// a DeliveryError whose words are Relay's own (no URL, no remote text).
import { type Egress, EgressError, readText } from '@relay/egress';
import { DeliveryError } from './delivery-error.ts';

export const defaultTimeoutMs = 10_000;
/** A send's answer is a small JSON object; anything bigger is not read. */
export const MAX_ANSWER_BYTES = 64 * 1024;

export type PostJsonOptions = {
  /** Every server-side request goes through it: the address policy, pinning, caps. */
  egress: Egress;
  url: string;
  /** Already serialised, so a signature can be computed over the exact bytes. */
  body: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Names the provider in error messages, which must not show the URL (Telegram's holds the bot token). */
  provider: string;
};

export type JsonResponse = { status: number; headers: Headers; body: unknown };

/** Resolves with any HTTP response (2xx or not); rejects only with DeliveryError. */
export async function postJson(options: PostJsonOptions): Promise<JsonResponse> {
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  try {
    const response = await options.egress.fetch(options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...options.headers },
      body: options.body,
      signal: options.signal,
      timeoutMs,
      // A provider never redirects a send; following one would hand a signed body to another host.
      maxRedirects: 0,
    });
    const text = await readText(response, MAX_ANSWER_BYTES);
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    return { status: response.status, headers: response.headers as unknown as Headers, body };
  } catch (error) {
    if (!(error instanceof EgressError)) throw error;
    // A timeout may hide a send that went through; retrying risks a duplicate,
    // which beats silently losing an operator's reply. A refused destination
    // or an oversized answer will not change: the message fails at once.
    const reason = error.kind === 'cancelled' ? 'the send was cancelled' : error.message;
    throw new DeliveryError({
      message: `${options.provider}: ${reason}`,
      status: null,
      retryable: error.retryable || error.kind === 'cancelled',
      cause: error,
    });
  }
}
