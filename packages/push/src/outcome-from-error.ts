// What a failed send means for the caller, from the error firebase-admin 13
// gives back. firebase-admin has already retried 503s (up to 4 times, honouring
// a Retry-After of at most 60 s) and ECONNRESET/ETIMEDOUT by the time an error
// reaches here; it never retries 429. Its errors carry only `code` and
// `message` (no HTTP status, no headers), so FCM's Retry-After is not
// obtainable and `retryAfterMs` stays undefined.
import type { PushOutcome } from './push-sender.ts';

/** FCM says INVALID_ARGUMENT both for a bad token and for a bad payload; only the first kills the token. */
const ABOUT_THE_TOKEN = /registration token|message\.token/i;

/** OAuth refusals that another attempt will not cure (a revoked or wrong key). */
const OAUTH_REFUSAL = /\b(invalid_grant|invalid_client|unauthorized_client|access_denied|invalid_scope)\b/;

/** firebase-admin's non-JSON and unknown errors mention the HTTP status in their message. */
const RETRYABLE_STATUS = /(Status code: |"code":)(429|5\d\d)\b/;

function describe(error: unknown): { code: string; message: string } {
  if (typeof error === 'object' && error !== null) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    return {
      code: typeof code === 'string' ? code : 'unknown',
      message: typeof message === 'string' ? message : String(error),
    };
  }
  return { code: 'unknown', message: String(error) };
}

export function outcomeFromError(error: unknown): Exclude<PushOutcome, { status: 'sent' }> {
  const { code, message } = describe(error);
  const text = `${code}: ${message}`;
  switch (code) {
    case 'messaging/registration-token-not-registered':
      return { status: 'unregistered', error: text };
    case 'messaging/invalid-registration-token':
      return { status: 'invalid_token', error: text };
    case 'messaging/invalid-argument':
      return ABOUT_THE_TOKEN.test(message)
        ? { status: 'invalid_token', error: text }
        : { status: 'failed', error: text };
    // QUOTA_EXCEEDED / RESOURCE_EXHAUSTED (429) arrive as message-rate-exceeded.
    case 'messaging/message-rate-exceeded':
    case 'messaging/device-message-rate-exceeded':
    case 'messaging/topics-message-rate-exceeded':
    // UNAVAILABLE (503) and INTERNAL (500).
    case 'messaging/server-unavailable':
    case 'messaging/internal-error':
    case 'app/network-error':
    case 'app/network-timeout':
      return { status: 'retry', error: text };
    case 'app/invalid-credential':
      // The OAuth token could not be had: a refused key is final, an unreachable token server is not.
      return OAUTH_REFUSAL.test(message) ? { status: 'failed', error: text } : { status: 'retry', error: text };
    case 'messaging/unknown-error':
      return RETRYABLE_STATUS.test(message) ? { status: 'retry', error: text } : { status: 'failed', error: text };
    default:
      return { status: 'failed', error: text };
  }
}
