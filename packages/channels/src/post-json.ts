// The one HTTP call every sender makes: POST a JSON body with a deadline, and
// turn the ways it can fail before a response into a retryable DeliveryError.
import { DeliveryError } from './delivery-error.ts';

export const defaultTimeoutMs = 10_000;

export type PostJsonOptions = {
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

function networkReason(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  return typeof cause?.code === 'string' ? cause.code : 'network error';
}

/** Resolves with any HTTP response (2xx or not); rejects only with DeliveryError. */
export async function postJson(options: PostJsonOptions): Promise<JsonResponse> {
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  const deadline = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([deadline, options.signal]) : deadline;
  try {
    const response = await fetch(options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...options.headers },
      body: options.body,
      signal,
      // A provider never redirects a send; following one would hand a signed body to another host.
      redirect: 'error',
    });
    const text = await response.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    return { status: response.status, headers: response.headers, body };
  } catch (error) {
    // A timeout may hide a send that went through; retrying risks a duplicate,
    // which beats silently losing an operator's reply.
    const reason = deadline.aborted
      ? `no answer within ${timeoutMs} ms`
      : options.signal?.aborted
        ? 'the send was cancelled'
        : networkReason(error);
    throw new DeliveryError({ message: `${options.provider}: ${reason}`, status: null, retryable: true, cause: error });
  }
}
