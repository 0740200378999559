// The session verdict: every reason, the order the checks run in, and the
// refusal each reason gets from the API and the gateway's handshake.
import { describe, expect, it } from 'vitest';
import { type SessionFacts, sessionRefusal, sessionVerdict } from '../src/index.ts';

const now = new Date('2026-01-01T12:00:00Z');
const holder = { tenantId: 't-1', operatorId: 'o-1' };
const live: SessionFacts & { role: 'operator' } = {
  ...holder,
  revokedAt: null,
  expiresAt: new Date(now.getTime() + 60_000),
  operatorActive: true,
  tenantActive: true,
  suspended: false,
  role: 'operator',
};
const reasonOf = (session: SessionFacts | undefined) => {
  const verdict = sessionVerdict(session, holder, now);
  return verdict.ok ? 'ok' : verdict.reason;
};

describe('sessionVerdict', () => {
  it('passes a live session through, with everything the caller read', () => {
    expect(sessionVerdict(live, holder, now)).toEqual({ ok: true, session: live });
  });

  it('names every reason a session stops granting access', () => {
    expect(reasonOf(undefined)).toBe('session_revoked');
    expect(reasonOf({ ...live, tenantId: 't-2' })).toBe('session_revoked');
    expect(reasonOf({ ...live, operatorId: 'o-2' })).toBe('session_revoked');
    expect(reasonOf({ ...live, revokedAt: new Date(now.getTime() - 1) })).toBe('session_revoked');
    expect(reasonOf({ ...live, expiresAt: new Date(now.getTime() - 1) })).toBe('session_expired');
    expect(reasonOf({ ...live, operatorActive: false })).toBe('operator_inactive');
    expect(reasonOf({ ...live, tenantActive: false })).toBe('tenant_suspended');
    expect(reasonOf({ ...live, suspended: true })).toBe('tenant_suspended');
  });

  it('ends a session at its expiry instant, not a millisecond later', () => {
    expect(reasonOf({ ...live, expiresAt: now })).toBe('session_expired');
    expect(reasonOf({ ...live, expiresAt: new Date(now.getTime() + 1) })).toBe('ok');
  });

  it('names the first failing check: revoked, expired, operator, tenant', () => {
    const allWrong = { ...live, revokedAt: now, expiresAt: now, operatorActive: false, suspended: true };
    expect(reasonOf(allWrong)).toBe('session_revoked');
    expect(reasonOf({ ...allWrong, revokedAt: null })).toBe('session_expired');
    expect(reasonOf({ ...allWrong, revokedAt: null, expiresAt: live.expiresAt })).toBe('operator_inactive');
  });
});

describe('sessionRefusal', () => {
  it('asks to log in again, unless the workspace is suspended', () => {
    const ended = { code: 'unauthorized', message: 'the session has ended; log in again' };
    expect(sessionRefusal('session_revoked')).toEqual(ended);
    expect(sessionRefusal('session_expired')).toEqual(ended);
    expect(sessionRefusal('operator_inactive')).toEqual(ended);
    expect(sessionRefusal('tenant_suspended')).toEqual({
      code: 'tenant_suspended',
      message: 'this workspace is suspended',
    });
  });
});
