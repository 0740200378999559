// Proof that a WhatsApp webhook comes from Meta: the POST signature and the
// GET subscription handshake.
import { safeEqual, verifySha256Header } from '../signatures.ts';

/** Meta signs the raw body with the app secret: `X-Hub-Signature-256: sha256=<hex>`. */
export function verifyWhatsAppSignature(rawBody: Buffer, header: string | undefined, appSecret: string): void {
  verifySha256Header(rawBody, header, appSecret, 'X-Hub-Signature-256');
}

// Meta's challenge is a number; anything else is refused rather than echoed,
// since the route reflects it into a response body.
const challengeFormat = /^[A-Za-z0-9._~-]{1,256}$/;

function queryValue(query: Record<string, unknown>, key: 'mode' | 'verify_token' | 'challenge'): string | undefined {
  // `hub.mode` stays a flat key with Node's query parser; qs with allowDots nests it under `hub`.
  const flat = query[`hub.${key}`];
  const hub = query.hub;
  const nested = hub && typeof hub === 'object' ? (hub as Record<string, unknown>)[key] : undefined;
  const value = flat ?? nested;
  return typeof value === 'string' ? value : undefined;
}

/**
 * The GET `?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…` handshake:
 * the challenge to answer with (as text/plain, status 200), or null for a 403.
 */
export function whatsAppChallenge(query: Record<string, unknown>, verifyToken: string): string | null {
  if (!verifyToken) return null;
  const token = queryValue(query, 'verify_token');
  const challenge = queryValue(query, 'challenge');
  if (queryValue(query, 'mode') !== 'subscribe' || token === undefined || challenge === undefined) return null;
  if (!safeEqual(token, verifyToken) || !challengeFormat.test(challenge)) return null;
  return challenge;
}
