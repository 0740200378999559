// How an outbound send fails: one error type for every provider, carrying
// what the worker needs to decide between retrying later and failing the message.
export type DeliveryErrorInit = {
  /** The reason in the provider's words; stored on the message, so never a credential. */
  message: string;
  status: number | null;
  retryable: boolean;
  retryAfterMs?: number | null;
  cause?: unknown;
};

export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';
  /** The HTTP status, or null when no response came (network error, timeout). */
  readonly status: number | null;
  /** True for network errors, timeouts, 429 and 5xx: the same send may succeed later. */
  readonly retryable: boolean;
  /** How long the provider asked to wait (Retry-After, Telegram's retry_after), when it said. */
  readonly retryAfterMs: number | null;

  constructor(init: DeliveryErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.retryable = init.retryable;
    this.retryAfterMs = init.retryAfterMs ?? null;
  }
}

/** Statuses worth trying again: the provider was busy or broken, not the request. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** A Retry-After header, in delta-seconds or as an HTTP date, as milliseconds from `now`. */
export function parseRetryAfter(header: string | null | undefined, now = Date.now()): number | null {
  if (!header) return null;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** Provider texts end up in logs and on message rows: keep them bounded. */
export function truncateReason(text: string, max = 500): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
