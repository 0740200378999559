// Owns whether a session still grants access: not revoked, not past its end,
// its operator active, its tenant active and not suspended, and it belongs to
// who claims it. The API's authenticate, the gateway's handshake and its
// session check loop all ask here, so the three cannot disagree; and how a
// request or a handshake is refused for an ended session is written once too.
import type { AuthExpiredReason } from '@relay/contracts';

/** What the database knows of a session, its operator and its tenant (@relay/db's session state rows). */
export type SessionFacts = {
  tenantId: string;
  operatorId: string;
  revokedAt: Date | null;
  expiresAt: Date;
  operatorActive: boolean;
  tenantActive: boolean;
  suspended: boolean;
};

/** Why a session no longer grants access (the `auth:expired` reasons other than a token running out). */
export type SessionEndReason = Exclude<AuthExpiredReason, 'token_expired'>;

/** Either the session, known to still grant access, or why it does not. */
export type SessionVerdict<S extends SessionFacts> = { ok: true; session: S } | { ok: false; reason: SessionEndReason };

/**
 * The verdict on a session, as read for `holder` (the access token's tenant and
 * operator) at `now`. A missing session, or one of another tenant or operator,
 * counts as revoked. The first failing check names the reason, in this order.
 */
export function sessionVerdict<S extends SessionFacts>(
  session: S | undefined,
  holder: { tenantId: string; operatorId: string },
  now: Date,
): SessionVerdict<S> {
  const reason = endReason(session, holder, now);
  // endReason names a missing session; `!session` is only here to narrow the type.
  if (reason || !session) return { ok: false, reason: reason ?? 'session_revoked' };
  return { ok: true, session };
}

function endReason(
  session: SessionFacts | undefined,
  holder: { tenantId: string; operatorId: string },
  now: Date,
): SessionEndReason | undefined {
  if (!session || session.tenantId !== holder.tenantId || session.operatorId !== holder.operatorId) {
    return 'session_revoked';
  }
  if (session.revokedAt) return 'session_revoked';
  if (session.expiresAt <= now) return 'session_expired';
  if (!session.operatorActive) return 'operator_inactive';
  if (!session.tenantActive || session.suspended) return 'tenant_suspended';
  return undefined;
}

export type SessionRefusal = { code: 'unauthorized' | 'tenant_suspended'; message: string };

/** The error a request or a socket handshake gets for an ended session: log in again, or the workspace is suspended. */
export function sessionRefusal(reason: SessionEndReason): SessionRefusal {
  return reason === 'tenant_suspended'
    ? { code: 'tenant_suspended', message: 'this workspace is suspended' }
    : { code: 'unauthorized', message: 'the session has ended; log in again' };
}
