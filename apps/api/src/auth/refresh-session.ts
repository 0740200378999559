// Refresh-token rotation with a grace window. Each refresh retires the
// session and starts its successor; a retired token used again means it was
// copied, and ends the session's whole line. But two tabs (or a retry after a
// lost answer) present one token at once: those refreshes wait for each other
// on the session's row lock, and one arriving within REFRESH_GRACE_SECONDS of
// the rotation gets the same successor (the same refresh token, opened from
// its sealed copy, and an access token for the same session) instead of
// being taken for theft. The state is in PostgreSQL, so any API process answers alike.
import type { TokenPair } from '@relay/contracts';
import {
  findSessionByTokenHash,
  forgetSealedSuccessors,
  getLiveSession,
  getOperator,
  lockSession,
  retireSession,
  revokeSessionChain,
  type Tx,
  withTenant,
} from '@relay/db';
import { hashToken, openSecret, SecretBoxError, sealSecret } from '@relay/security';
import type { ApiDeps } from '../deps.ts';
import { AppError } from '../errors/app-error.ts';
import { issueTokens, pairOf } from './issue-tokens.ts';

type Meta = { userAgent: string | null; ip: string | null };

const REUSED = 'this refresh token was already used or revoked; log in again';

export async function refreshSession(
  deps: Pick<ApiDeps, 'sql' | 'config'>,
  refreshToken: string,
  meta: Meta,
): Promise<TokenPair> {
  const { sql, config } = deps;
  const found = await findSessionByTokenHash(sql, hashToken(refreshToken));
  if (!found) throw new AppError('unauthorized', 'unknown refresh token');
  const tenantId = found.tenantId;
  const grace = config.auth.refreshGraceSeconds;

  const outcome = await withTenant(sql, tenantId, async (tx): Promise<TokenPair | 'reused' | 'revoked'> => {
    const session = await lockSession(tx, tenantId, found.id, grace);
    if (!session) return 'revoked';
    if (session.revokedAt) {
      // Within the window a duplicate is benign even when its successor is gone (logged out, or
      // rotated again by the faster tab): refuse it, but do not end the line for it.
      if (session.withinGrace) return (await successorPair(tx, deps, tenantId, session)) ?? 'revoked';
      // Replaced and presented again later: a copy. Merely revoked (logout): nothing more to end.
      return session.replacedById ? 'reused' : 'revoked';
    }
    if (session.expiresAt < new Date())
      throw new AppError('unauthorized', 'the refresh token has expired; log in again');

    const operator = await getOperator(tx, tenantId, session.operatorId);
    if (!operator?.isActive) throw new AppError('unauthorized', 'this account is deactivated');
    const issued = await issueTokens(tx, deps, operator, { deviceId: session.deviceId, ...meta });
    const sealed = grace > 0 ? sealSecret(config.encryptionKey, issued.refreshToken) : null;
    // Under the row lock nobody else can have retired it; the guard stays for the lock's sake.
    if (!(await retireSession(tx, tenantId, session.id, issued.sessionId, sealed))) {
      throw new AppError('unauthorized', REUSED);
    }
    await forgetSealedSuccessors(tx, tenantId, operator.id, grace);
    return issued.pair;
  });

  if (outcome === 'reused') {
    // Committed on its own: the refusal below must not roll the revocation back.
    await withTenant(sql, tenantId, (tx) => revokeSessionChain(tx, tenantId, found.id));
  }
  if (typeof outcome === 'string') throw new AppError('unauthorized', REUSED);
  return outcome;
}

/** The pair a rotation within the grace window handed out, while its session is still live. */
async function successorPair(
  tx: Tx,
  deps: Pick<ApiDeps, 'config'>,
  tenantId: string,
  rotated: { operatorId: string; replacedById: string | null; successorTokenSealed: string | null },
): Promise<TokenPair | undefined> {
  if (!rotated.replacedById || !rotated.successorTokenSealed) return undefined;
  const successor = await getLiveSession(tx, tenantId, rotated.replacedById);
  if (!successor) return undefined;
  let refreshToken: string;
  try {
    refreshToken = openSecret(deps.config.encryptionKey, rotated.successorTokenSealed);
  } catch (error) {
    // Sealed under another ENCRYPTION_KEY (changed since): no grace, and no theft either.
    if (error instanceof SecretBoxError) return undefined;
    throw error;
  }
  const operator = await getOperator(tx, tenantId, rotated.operatorId);
  if (!operator?.isActive) throw new AppError('unauthorized', 'this account is deactivated');
  return pairOf(deps, operator, successor.id, refreshToken);
}
