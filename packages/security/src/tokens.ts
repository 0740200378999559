import { createHash, randomBytes } from 'node:crypto';

/** URL-safe random token with `bytes` bytes of entropy. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/**
 * Bearer tokens (refresh tokens, API keys, webhook tokens) are high-entropy,
 * so a fast hash is enough: what is stored cannot be replayed.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
