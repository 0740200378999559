// The caller's own account: GET/PATCH /me (name, availability, notification
// settings) and POST /me/password, which ends the caller's other sessions.
// The routes' contracts (paths, schemas) are apiRoutes.me in @relay/contracts.
import { apiRoutes } from '@relay/contracts';
import { getOperator, revokeOperatorSessions, setOperatorPassword, updateOperator, withTenant } from '@relay/db';
import { writeWithEvents } from '@relay/realtime';
import { hashPassword, verifyPassword } from '@relay/security';
import { Router } from 'express';
import type { ResolvedDeps } from '../../deps.ts';
import { AppError, notFound } from '../../errors/app-error.ts';
import { auditWrite } from '../../http/audit-write.ts';
import { routeMounter } from '../../http/mount-route.ts';
import { meDto, operatorUpdatedPayload } from '../operators/operator-dto.ts';

const routes = apiRoutes.me;

export function meRoutes(deps: ResolvedDeps): Router {
  const { sql } = deps;
  const router = Router();
  const mount = routeMounter(router, deps);
  // A stolen access token must not be a way to guess the password behind it.
  const limiter = deps.authLimiters.login;

  mount(routes.getMe, async (_input, { principal: me }) => {
    const operator = await withTenant(sql, me.tenantId, (tx) => getOperator(tx, me.tenantId, me.operatorId));
    if (!operator) throw notFound('operator');
    return meDto(operator);
  });

  mount(routes.updateMe, async ({ body }, { req, principal: me }) => {
    const operator = await writeWithEvents(deps, me.tenantId, async (tx, emit) => {
      const current = await getOperator(tx, me.tenantId, me.operatorId);
      if (!current) throw notFound('operator');
      const updated = await updateOperator(tx, me.tenantId, me.operatorId, {
        name: body.name,
        availability: body.availability,
        settings: body.settings,
      });
      if (!updated) throw notFound('operator');
      await auditWrite(tx, me, req, {
        action: 'me.update',
        targetType: 'operator',
        targetId: me.operatorId,
        details: body,
      });
      if (updated.availability !== current.availability || updated.name !== current.name) {
        await emit({ type: 'operator.updated', audience: {}, payload: operatorUpdatedPayload(updated) });
      }
      return updated;
    });
    return meDto(operator);
  });

  mount(routes.changePassword, async ({ body }, { req, principal: me }) => {
    const account = `password:${me.tenantId}:${me.operatorId}`;
    const ip = req.ip ?? 'unknown';
    await limiter.attempt(ip, account);
    const current = await withTenant(sql, me.tenantId, (tx) => getOperator(tx, me.tenantId, me.operatorId));
    if (!current?.passwordHash || !(await verifyPassword(current.passwordHash, body.currentPassword))) {
      throw new AppError('unprocessable', 'the current password is not right', [
        { path: ['currentPassword'], message: 'does not match', code: 'custom' },
      ]);
    }
    await limiter.succeeded(ip, account);
    const passwordHash = await hashPassword(body.newPassword);
    await withTenant(sql, me.tenantId, async (tx) => {
      await setOperatorPassword(tx, me.tenantId, me.operatorId, passwordHash);
      const sessionsEnded = await revokeOperatorSessions(tx, me.tenantId, me.operatorId, me.sessionId);
      await auditWrite(tx, me, req, {
        action: 'me.password',
        targetType: 'operator',
        targetId: me.operatorId,
        details: { sessionsEnded },
      });
    });
  });

  return router;
}
