// Refresh-token rotation with a grace window. Each refresh retires the
// session and starts its successor; a retired token used again means it was
// copied, and ends the session's whole line. But two tabs (or a retry after a
// lost answer) present one token at once: those refreshes wait for each other
// on the session's row lock, and one arriving within REFRESH_GRACE_SECONDS of
// the rotation gets the same successor (the same refresh token, opened from
// its sealed copy, and an access token for the same session) instead of
// being taken for theft. The state is in PostgreSQL, so any API process answers alike.
// Whether a session (the one presented, or its successor) still grants access
// is the session verdict's call (@relay/security), as on every request.
import type { TokenPair } from '@relay/contracts';
import {
  findSessionByTokenHash,
  forgetSealedSuccessors,
  getLiveSession,
  getOperator,
  getTenant,
  lockSession,
  type OperatorRow,
  retireSession,
  revokeSessionChain,
  type SessionRow,
  type TenantRow,
  type Tx,
  withTenant,
} from '@relay/db';
import {
  hashToken,
  openSecret,
  SecretBoxError,
  type SessionEndReason,
  sealSecret,
  sessionRefusal,
  sessionVerdict,
} from '@relay/security';
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
    const verdict = verdictOn(
      session,
      await getOperator(tx, tenantId, session.operatorId),
      await getTenant(tx, tenantId),
    );
    if (!verdict.ok) throw refreshRefusal(verdict.reason);
    const { operator } = verdict;
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
  const verdict = verdictOn(
    successor,
    await getOperator(tx, tenantId, rotated.operatorId),
    await getTenant(tx, tenantId),
  );
  // The account or the workspace ended: say so, as the first refresh would.
  if (!verdict.ok && (verdict.reason === 'operator_inactive' || verdict.reason === 'tenant_suspended')) {
    throw refreshRefusal(verdict.reason);
  }
  // Revoked or expired: getLiveSession would not have found it; the same answer if it ended since.
  if (!verdict.ok) return undefined;
  return pairOf(deps, verdict.operator, successor.id, refreshToken);
}

/**
 * The session verdict on a session being refreshed, with its operator (missing reads as inactive)
 * and its tenant (missing reads as inactive): a suspended workspace gets no new tokens, as
 * authenticate and the handshake give it no access.
 */
function verdictOn(
  session: SessionRow,
  operator: OperatorRow | undefined,
  tenant: TenantRow | undefined,
): { ok: true; operator: OperatorRow } | { ok: false; reason: SessionEndReason } {
  const facts = {
    tenantId: session.tenantId,
    operatorId: session.operatorId,
    revokedAt: session.revokedAt,
    expiresAt: session.expiresAt,
    operatorActive: operator?.isActive ?? false,
    tenantActive: tenant?.isActive ?? false,
    suspended: tenant?.suspended ?? false,
  };
  const verdict = sessionVerdict(facts, facts, new Date());
  if (!verdict.ok) return verdict;
  // operatorActive held, so the operator was found.
  return operator ? { ok: true, operator } : { ok: false, reason: 'operator_inactive' };
}

/**
 * A refresh's refusals say what ended: the refresh token's time, the account, or the workspace (in
 * authenticate's words, 403 tenant_suspended).
 */
function refreshRefusal(reason: SessionEndReason): AppError {
  if (reason === 'tenant_suspended') {
    const { code, message } = sessionRefusal(reason);
    return new AppError(code, message);
  }
  if (reason === 'session_expired') return new AppError('unauthorized', 'the refresh token has expired; log in again');
  if (reason === 'operator_inactive') return new AppError('unauthorized', 'this account is deactivated');
  return new AppError('unauthorized', REUSED);
}
