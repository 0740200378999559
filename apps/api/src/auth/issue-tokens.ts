// Creates a session and the token pair that goes with it. Used by login and
// by refresh (which retires the old session in the same transaction), and
// builds the pair of a session that exists (a refresh within the grace window).
import type { TokenPair } from '@relay/contracts';
import { createSession, type OperatorRow, type Tx } from '@relay/db';
import { hashToken, randomToken, signAccessToken } from '@relay/security';
import type { ApiDeps } from '../deps.ts';

export function operatorDto(op: OperatorRow) {
  return {
    id: op.id,
    tenantId: op.tenantId,
    email: op.email,
    name: op.name,
    role: op.role,
    availability: op.availability,
    capacity: op.capacity,
    isActive: op.isActive,
  };
}

export async function issueTokens(
  tx: Tx,
  { config }: Pick<ApiDeps, 'config'>,
  operator: OperatorRow,
  meta: { deviceId: string | null; userAgent: string | null; ip: string | null },
): Promise<{ pair: TokenPair; sessionId: string; refreshToken: string }> {
  const refreshToken = `rt_${randomToken(32)}`;
  const session = await createSession(tx, operator.tenantId, {
    operatorId: operator.id,
    deviceId: meta.deviceId,
    tokenHash: hashToken(refreshToken),
    expiresAt: new Date(Date.now() + config.auth.refreshTokenTtlSeconds * 1000),
    userAgent: meta.userAgent,
    ip: meta.ip,
  });
  return { pair: pairOf({ config }, operator, session.id, refreshToken), sessionId: session.id, refreshToken };
}

/** The token pair of a session: its refresh token as given, and a fresh access token for it. */
export function pairOf(
  { config }: Pick<ApiDeps, 'config'>,
  operator: OperatorRow,
  sessionId: string,
  refreshToken: string,
): TokenPair {
  const ttl = config.auth.accessTokenTtlSeconds;
  const accessToken = signAccessToken(
    config.auth.jwtSecret,
    { sub: operator.id, tid: operator.tenantId, sid: sessionId, role: operator.role },
    ttl,
  );
  return { accessToken, refreshToken, expiresIn: ttl, operator: operatorDto(operator) };
}
