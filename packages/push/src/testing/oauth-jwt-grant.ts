// Google OAuth2's JWT-bearer grant, as the stand-in's POST /token checks it:
// an RS256 assertion signed by the service account's key, issued by its email,
// for the token URL, not expired, asking for the FCM scope.
import { createPublicKey, verify } from 'node:crypto';
import { GOOGLE_TOKEN_URL } from './stand-in-keys.ts';

export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
export const FCM_SCOPE = 'https://www.googleapis.com/auth/firebase.messaging';

/** Google allows this much clock skew on iat and exp. */
const SKEW_SECONDS = 300;

export type GrantResult = { ok: true; clientEmail: string; scope: string } | { ok: false; reason: string };

function decodeJson(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function checkJwtGrant(
  form: URLSearchParams,
  account: { clientEmail: string; publicKey: string },
  nowSeconds = Math.floor(Date.now() / 1000),
): GrantResult {
  if (form.get('grant_type') !== JWT_BEARER_GRANT) return { ok: false, reason: 'Invalid grant_type.' };
  const parts = (form.get('assertion') ?? '').split('.');
  const [headerPart, payloadPart, signaturePart] = parts;
  if (parts.length !== 3 || !headerPart || !payloadPart || !signaturePart) {
    return { ok: false, reason: 'Invalid JWT: malformed assertion.' };
  }
  const header = decodeJson(headerPart);
  const claims = decodeJson(payloadPart);
  if (!header || !claims || header.alg !== 'RS256') return { ok: false, reason: 'Invalid JWT: not RS256.' };
  const signed = verify(
    'sha256',
    Buffer.from(`${headerPart}.${payloadPart}`),
    createPublicKey(account.publicKey),
    Buffer.from(signaturePart, 'base64url'),
  );
  if (!signed) return { ok: false, reason: 'Invalid JWT Signature.' };
  if (claims.iss !== account.clientEmail) return { ok: false, reason: 'Invalid JWT: unknown issuer.' };
  if (claims.aud !== GOOGLE_TOKEN_URL) return { ok: false, reason: 'Invalid JWT: wrong audience.' };
  const { iat, exp, scope } = claims;
  if (typeof iat !== 'number' || typeof exp !== 'number' || iat > nowSeconds + SKEW_SECONDS || exp < nowSeconds) {
    return { ok: false, reason: 'Invalid JWT: Token must be a short-lived token and in a reasonable timeframe.' };
  }
  if (typeof scope !== 'string' || !scope.split(' ').includes(FCM_SCOPE)) {
    return { ok: false, reason: 'Invalid JWT: the FCM scope was not requested.' };
  }
  return { ok: true, clientEmail: account.clientEmail, scope };
}
