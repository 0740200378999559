// Integrations call with X-Api-Key. A key acts in its tenant with the
// operator role, sees every conversation (like a supervisor), and reaches only
// the routes that name one of its scopes with requireScope; principalOf
// refuses it everywhere else, so a new route is closed to keys by default.
// Whether a key still grants access is the session verdict's call
// (@relay/security), as for a bearer token: a key is a session with no operator.
import type { ApiKeyScope } from '@relay/contracts';
import { type ApiKeyState, findApiKeyByHash, type Sql, touchApiKey } from '@relay/db';
import { hashToken, type SessionEndReason, sessionRefusal, sessionVerdict } from '@relay/security';
import type { RequestHandler } from 'express';
import { AppError } from '../errors/app-error.ts';
import type { Principal } from './principal.ts';

const MAX_KEY_LENGTH = 200;

/** The principal of a live key; 401 for unknown, revoked and expired keys alike in kind. */
export async function apiKeyPrincipal(sql: Sql, key: string): Promise<Principal> {
  const row = key.length <= MAX_KEY_LENGTH ? await findApiKeyByHash(sql, hashToken(key)) : undefined;
  if (!row) throw new AppError('unauthorized', 'unknown API key');
  const verdict = sessionVerdict(keyFacts(row), { tenantId: row.tenantId, operatorId: row.id }, new Date());
  if (!verdict.ok) throw keyRefusal(verdict.reason);
  await touchApiKey(sql, row.tenantId, row.id);
  // operatorId is the key's own id: no operator row has it, so nothing can pass it off as a person.
  return {
    tenantId: row.tenantId,
    operatorId: row.id,
    role: 'operator',
    sessionId: row.id,
    apiKey: { id: row.id, scopes: row.scopes },
  };
}

/** A key as the session verdict reads a session: held by its own id, with no operator to deactivate. */
function keyFacts(row: ApiKeyState) {
  return {
    tenantId: row.tenantId,
    operatorId: row.id,
    revokedAt: row.revokedAt,
    expiresAt: row.expiresAt ?? NEVER,
    operatorActive: true,
    tenantActive: row.tenantActive,
    suspended: row.suspended,
  };
}

const NEVER = new Date(8.64e15);

/** A key's refusal names the key; a suspended workspace is refused as for a session. */
function keyRefusal(reason: SessionEndReason): AppError {
  if (reason === 'session_revoked') return new AppError('unauthorized', 'this API key was revoked');
  if (reason === 'session_expired') return new AppError('unauthorized', 'this API key has expired');
  const { code, message } = sessionRefusal(reason);
  return new AppError(code, message);
}

/** Lets API keys with this scope through (and nobody else's access changes). */
export function requireScope(scope: ApiKeyScope): RequestHandler {
  return (_req, res, next) => {
    const auth = res.locals.auth as Principal | undefined;
    if (auth?.apiKey) {
      if (!auth.apiKey.scopes.includes(scope)) throw new AppError('forbidden', `this API key lacks the ${scope} scope`);
      res.locals.apiKeyAllowed = true;
    }
    next();
  };
}
