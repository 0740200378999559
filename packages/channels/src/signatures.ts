// HMAC-SHA256 signing and the constant-time comparison every webhook check
// uses; the per-provider checks live beside each provider's parser.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { WebhookSignatureError } from './webhook-errors.ts';

export function hmacSha256Hex(secret: string | Buffer, rawBody: string | Buffer): string {
  return createHmac('sha256', secret).update(rawBody).digest('hex');
}

/**
 * Compares in time independent of where the strings differ. Both sides are
 * hashed first, so neither a length mismatch nor timingSafeEqual's equal-length
 * rule leaks how long the expected value is.
 */
export function safeEqual(a: string, b: string): boolean {
  const digestA = createHash('sha256').update(a, 'utf8').digest();
  const digestB = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(digestA, digestB);
}

/** An empty secret would make the expected value computable by anyone, so it matches nothing. */
export function assertSecretConfigured(secret: string): void {
  if (!secret) throw new WebhookSignatureError('no webhook secret is configured for this account');
}

const sha256Header = /^sha256=([0-9a-f]{64})$/i;

/** Checks a `sha256=<hex HMAC of the raw body>` header; throws WebhookSignatureError. */
export function verifySha256Header(
  rawBody: Buffer,
  header: string | undefined,
  secret: string,
  headerName: string,
): void {
  assertSecretConfigured(secret);
  if (!header) throw new WebhookSignatureError(`missing ${headerName} header`);
  const match = sha256Header.exec(header.trim());
  if (!match?.[1]) throw new WebhookSignatureError(`malformed ${headerName} header, expected sha256=<hex>`);
  if (!safeEqual(match[1].toLowerCase(), hmacSha256Hex(secret, rawBody))) {
    throw new WebhookSignatureError(`${headerName} does not match the body`);
  }
}
