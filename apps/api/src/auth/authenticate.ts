// Who is calling: resolves the bearer token to a live session of an active
// operator of an active tenant, on every request, so logout, deactivation and
// suspension take effect at once. Roles are read fresh from the database.
// Integrations may send X-Api-Key instead (see api-key-auth.ts).
import { atLeast, type OperatorRole } from '@relay/contracts';
import { getSessionState } from '@relay/db';
import { sessionRefusal, sessionVerdict, verifyAccessToken } from '@relay/security';
import type { RequestHandler, Response } from 'express';
import type { ApiDeps } from '../deps.ts';
import { AppError } from '../errors/app-error.ts';
import { apiKeyPrincipal } from './api-key-auth.ts';
import type { Principal } from './principal.ts';

export type { Principal };

export function principalOf(res: Response): Principal {
  const auth = res.locals.auth as Principal | undefined;
  if (!auth) throw new AppError('unauthorized', 'authentication required');
  // API keys reach only the routes that name a scope for them (requireScope).
  if (auth.apiKey && !res.locals.apiKeyAllowed) throw new AppError('forbidden', 'API keys cannot use this route');
  return auth;
}

export function authenticate({ sql, config }: ApiDeps): RequestHandler {
  return async (req, res, next) => {
    const header = req.headers.authorization;
    const apiKey = req.headers['x-api-key'];
    if (!header && typeof apiKey === 'string') {
      res.locals.auth = await apiKeyPrincipal(sql, apiKey);
      return next();
    }
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    if (!token) throw new AppError('unauthorized', 'send an access token as "Authorization: Bearer <token>"');
    const claims = verifyAccessToken(config.auth.jwtSecret, token);
    if (!claims) throw new AppError('unauthorized', 'the access token is invalid or expired');
    const state = await getSessionState(sql, claims.tid, claims.sid, claims.sub);
    const verdict = sessionVerdict(state, { tenantId: claims.tid, operatorId: claims.sub }, new Date());
    if (!verdict.ok) {
      const { code, message } = sessionRefusal(verdict.reason);
      throw new AppError(code, message);
    }
    res.locals.auth = {
      tenantId: claims.tid,
      operatorId: claims.sub,
      role: verdict.session.role,
      sessionId: claims.sid,
    };
    next();
  };
}

/** At least this role (owner > admin > supervisor > operator; the rank lives in @relay/contracts). */
export function requireRole(minimum: OperatorRole): RequestHandler {
  return (_req, res, next) => {
    const { role } = principalOf(res);
    if (!atLeast(role, minimum)) throw new AppError('forbidden', `this needs the ${minimum} role or higher`);
    next();
  };
}
