// How an outbound request fails, in fixed words: the message is what a tenant
// may see (stored on a message, sent in an API answer), so it never holds a
// URL, an address, or anything the remote side wrote.
export type EgressErrorKind =
  /** The policy refused the destination before any connection was made. */
  | 'refused'
  /** More redirects than the caller allows. */
  | 'too_many_redirects'
  /** The answer was larger than the caller reads. */
  | 'too_large'
  /** No complete answer within the deadline. */
  | 'timeout'
  /** The caller cancelled. */
  | 'cancelled'
  /** DNS, connection or protocol failure. */
  | 'network';

export class EgressError extends Error {
  override readonly name = 'EgressError';
  readonly kind: EgressErrorKind;

  constructor(kind: EgressErrorKind, message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.kind = kind;
  }

  /** Worth trying again later: the destination may answer then; a refusal or an oversized answer will not change. */
  get retryable(): boolean {
    return this.kind === 'timeout' || this.kind === 'network';
  }
}

/** The EgressError somewhere in an error's cause chain (undici wraps connector errors in "fetch failed"). */
export function findEgressError(error: unknown): EgressError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    if (current instanceof EgressError) return current;
    current = current.cause;
  }
  return undefined;
}

/** A system error code (ECONNREFUSED, ENOTFOUND, UND_ERR_…) from the cause chain: fixed words, safe to show. */
export function networkCode(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z][A-Z0-9_]{1,40}$/.test(code)) return code;
    current = current.cause;
  }
  return 'network error';
}
