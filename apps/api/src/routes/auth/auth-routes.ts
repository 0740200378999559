// POST /auth/login, /auth/refresh, /auth/logout. This router is mounted before authenticate (login
// and refresh carry no token), so logout runs authenticate itself.
// The routes' contracts (paths, schemas) are apiRoutes.auth in @relay/contracts.
import { apiRoutes } from '@relay/contracts';
import {
  findOperatorByEmail,
  findOperatorSessionByTokenHash,
  findTenantBySlug,
  recordAudit,
  retireSession,
  upsertDevice,
  withTenant,
} from '@relay/db';
import { hashPassword, hashToken, verifyPassword } from '@relay/security';
import { Router } from 'express';
import { authenticate } from '../../auth/authenticate.ts';
import { issueTokens } from '../../auth/issue-tokens.ts';
import { refreshSession } from '../../auth/refresh-session.ts';
import type { ResolvedDeps } from '../../deps.ts';
import { AppError } from '../../errors/app-error.ts';
import { auditWrite } from '../../http/audit-write.ts';
import { routeMounter } from '../../http/mount-route.ts';

const routes = apiRoutes.auth;
const BAD_LOGIN = 'wrong workspace, email or password';
// Verified against when the account does not exist, so both paths take as long.
const decoyHash = hashPassword('relay-decoy-password');

export function authRoutes(deps: ResolvedDeps): Router {
  const { sql } = deps;
  const router = Router();
  const mount = routeMounter(router, deps);
  const limiter = deps.authLimiters.login;

  mount(routes.logIn, async ({ body }, { req }) => {
    const account = `${body.tenant}:${body.email}`;
    const ip = req.ip ?? 'unknown';
    await limiter.attempt(ip, account);

    const tenant = await findTenantBySlug(sql, body.tenant);
    const operator = tenant
      ? await withTenant(sql, tenant.id, (tx) => findOperatorByEmail(tx, tenant.id, body.email))
      : undefined;
    const valid = await verifyPassword(operator?.passwordHash ?? (await decoyHash), body.password);
    if (!tenant || !operator?.passwordHash || !valid) throw new AppError('unauthorized', BAD_LOGIN);
    if (!tenant.isActive || tenant.suspended) throw new AppError('tenant_suspended', 'this workspace is suspended');
    if (!operator.isActive) throw new AppError('forbidden', 'this account is deactivated');
    await limiter.succeeded(ip, account);

    const meta = { deviceId: body.deviceId ?? null, userAgent: req.get('user-agent') ?? null, ip: req.ip ?? null };
    const { pair } = await withTenant(sql, tenant.id, async (tx) => {
      if (body.deviceId) await upsertDevice(tx, tenant.id, { operatorId: operator.id, deviceId: body.deviceId });
      await recordAudit(tx, tenant.id, { operatorId: operator.id, action: 'auth.login', ip: meta.ip });
      return issueTokens(tx, deps, operator, meta);
    });
    return pair;
  });

  mount(routes.refreshTokens, async ({ body: { refreshToken } }, { req }) => {
    const meta = { userAgent: req.get('user-agent') ?? null, ip: req.ip ?? null };
    return refreshSession(deps, refreshToken, meta);
  });

  // A middleware layer, not a route: the router walk (and so the OpenAPI check) sees logout once.
  router.use(routes.logOut.path, authenticate(deps));
  mount(routes.logOut, async ({ body }, { req, principal: me }) => {
    await withTenant(sql, me.tenantId, async (tx) => {
      await retireSession(tx, me.tenantId, me.sessionId, null);
      if (body.refreshToken) {
        const other = await findOperatorSessionByTokenHash(
          tx,
          me.tenantId,
          me.operatorId,
          hashToken(body.refreshToken),
        );
        if (other) await retireSession(tx, me.tenantId, other.id, null);
      }
      await auditWrite(tx, me, req, { action: 'auth.logout' });
    });
  });

  return router;
}
