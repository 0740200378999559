// POST /auth/login, /auth/refresh, /auth/logout.
import { loginBody, logoutBody, refreshBody } from '@relay/contracts';
import {
  findOperatorByEmail,
  findSessionByTokenHash,
  findTenantBySlug,
  getOperator,
  recordAudit,
  retireSession,
  revokeSessionChain,
  upsertDevice,
  withTenant,
} from '@relay/db';
import { hashPassword, hashToken, verifyPassword } from '@relay/security';
import { Router } from 'express';
import type { ApiDeps } from '../../app.ts';
import { authenticate, principalOf } from '../../auth/authenticate.ts';
import { issueTokens } from '../../auth/issue-tokens.ts';
import { createLoginLimiter } from '../../auth/login-limiter.ts';
import { AppError } from '../../errors/app-error.ts';
import { auditWrite } from '../../http/audit-write.ts';
import { parse } from '../../http/parse.ts';

const BAD_LOGIN = 'wrong workspace, email or password';
// Verified against when the account does not exist, so both paths take as long.
const decoyHash = hashPassword('relay-decoy-password');

export function authRoutes(deps: ApiDeps): Router {
  const { sql } = deps;
  const router = Router();
  const limiter = createLoginLimiter(deps.redis);

  router.post('/auth/login', async (req, res) => {
    const body = parse(loginBody, req.body, 'body');
    const account = `${body.tenant}:${body.email}`;
    await limiter.consume(req.ip ?? 'unknown', account);

    const tenant = await findTenantBySlug(sql, body.tenant);
    const operator = tenant
      ? await withTenant(sql, tenant.id, (tx) => findOperatorByEmail(tx, tenant.id, body.email))
      : undefined;
    const valid = await verifyPassword(operator?.passwordHash ?? (await decoyHash), body.password);
    if (!tenant || !operator?.passwordHash || !valid) throw new AppError('unauthorized', BAD_LOGIN);
    if (!tenant.isActive || tenant.suspended) throw new AppError('tenant_suspended', 'this workspace is suspended');
    if (!operator.isActive) throw new AppError('forbidden', 'this account is deactivated');
    await limiter.reset(account);

    const meta = { deviceId: body.deviceId ?? null, userAgent: req.get('user-agent') ?? null, ip: req.ip ?? null };
    const { pair } = await withTenant(sql, tenant.id, async (tx) => {
      if (body.deviceId) await upsertDevice(tx, tenant.id, { operatorId: operator.id, deviceId: body.deviceId });
      await recordAudit(tx, tenant.id, { operatorId: operator.id, action: 'auth.login', ip: meta.ip });
      return issueTokens(tx, deps, operator, meta);
    });
    res.json(pair);
  });

  router.post('/auth/refresh', async (req, res) => {
    const { refreshToken } = parse(refreshBody, req.body, 'body');
    const session = await findSessionByTokenHash(sql, hashToken(refreshToken));
    if (!session) throw new AppError('unauthorized', 'unknown refresh token');
    if (session.revokedAt) {
      // A retired token used again means it was copied: end its whole line.
      if (session.replacedById)
        await withTenant(sql, session.tenantId, (tx) => revokeSessionChain(tx, session.tenantId, session.id));
      throw new AppError('unauthorized', 'this refresh token was already used or revoked; log in again');
    }
    if (session.expiresAt < new Date())
      throw new AppError('unauthorized', 'the refresh token has expired; log in again');

    const pair = await withTenant(sql, session.tenantId, async (tx) => {
      const operator = await getOperator(tx, session.tenantId, session.operatorId);
      if (!operator?.isActive) throw new AppError('unauthorized', 'this account is deactivated');
      const meta = { deviceId: session.deviceId, userAgent: req.get('user-agent') ?? null, ip: req.ip ?? null };
      const issued = await issueTokens(tx, deps, operator, meta);
      if (!(await retireSession(tx, session.tenantId, session.id, issued.sessionId))) {
        throw new AppError('unauthorized', 'this refresh token was already used; log in again');
      }
      return issued.pair;
    });
    res.json(pair);
  });

  router.post('/auth/logout', authenticate(deps), async (req, res) => {
    const body = parse(logoutBody, req.body, 'body');
    const me = principalOf(res);
    await withTenant(sql, me.tenantId, async (tx) => {
      await retireSession(tx, me.tenantId, me.sessionId, null);
      if (body.refreshToken) {
        const other = await tx<{ id: string }[]>`
          select id from sessions where tenant_id = ${me.tenantId} and operator_id = ${me.operatorId}
             and token_hash = ${hashToken(body.refreshToken)}`;
        if (other[0]) await retireSession(tx, me.tenantId, other[0].id, null);
      }
      await auditWrite(tx, me, req, { action: 'auth.logout' });
    });
    res.status(204).end();
  });

  return router;
}
