// Short-lived access JWTs, signed by the API and checked by the API and the
// gateway. The algorithm is pinned on both sides so a token can never choose
// how it is checked (no "none", no RS/HS confusion).
import { type OperatorRole, operatorRole } from '@relay/contracts';
import jwt from 'jsonwebtoken';

const ALGORITHM = 'HS256';
const ISSUER = 'relay';

export type AccessClaims = { sub: string; tid: string; sid: string; role: OperatorRole };
/** A verified token's claims and when it runs out (the gateway times a connected socket's token by it). */
export type VerifiedAccessClaims = AccessClaims & { expiresAt: Date };

export function signAccessToken(secret: string, claims: AccessClaims, ttlSeconds: number): string {
  return jwt.sign({ tid: claims.tid, sid: claims.sid, role: claims.role, typ: 'access' }, secret, {
    algorithm: ALGORITHM,
    issuer: ISSUER,
    subject: claims.sub,
    expiresIn: ttlSeconds,
  });
}

/** The claims of a valid token, or null for anything else (expired, forged, malformed). */
export function verifyAccessToken(secret: string, token: string): VerifiedAccessClaims | null {
  try {
    const payload = jwt.verify(token, secret, { algorithms: [ALGORITHM], issuer: ISSUER });
    if (typeof payload === 'string' || payload.typ !== 'access') return null;
    const { sub, tid, sid, role, exp } = payload as Record<string, unknown>;
    const parsedRole = operatorRole.safeParse(role);
    if (typeof sub !== 'string' || typeof tid !== 'string' || typeof sid !== 'string' || !parsedRole.success)
      return null;
    // jwt.sign always sets exp (expiresIn); a token without one is not ours.
    if (typeof exp !== 'number') return null;
    return { sub, tid, sid, role: parsedRole.data, expiresAt: new Date(exp * 1000) };
  } catch {
    return null;
  }
}
