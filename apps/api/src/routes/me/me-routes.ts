// The caller's own account: GET/PATCH /me (name, availability, notification
// settings) and POST /me/password, which ends the caller's other sessions.
import { changePasswordBody, patchMeBody } from '@relay/contracts';
import { getOperator, revokeOperatorSessions, setOperatorPassword, updateOperator, withTenant } from '@relay/db';
import { writeWithEvents } from '@relay/realtime';
import { hashPassword, verifyPassword } from '@relay/security';
import { Router } from 'express';
import { principalOf } from '../../auth/authenticate.ts';
import type { ResolvedDeps } from '../../deps.ts';
import { AppError, notFound } from '../../errors/app-error.ts';
import { auditWrite } from '../../http/audit-write.ts';
import { parse } from '../../http/parse.ts';
import { meDto, operatorUpdatedPayload } from '../operators/operator-dto.ts';

export function meRoutes(deps: ResolvedDeps): Router {
  const { sql } = deps;
  const router = Router();
  // A stolen access token must not be a way to guess the password behind it.
  const limiter = deps.authLimiters.login;

  router.get('/me', async (_req, res) => {
    const me = principalOf(res);
    const operator = await withTenant(sql, me.tenantId, (tx) => getOperator(tx, me.tenantId, me.operatorId));
    if (!operator) throw notFound('operator');
    res.json(meDto(operator));
  });

  router.patch('/me', async (req, res) => {
    const body = parse(patchMeBody, req.body, 'body');
    const me = principalOf(res);
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
    res.json(meDto(operator));
  });

  router.post('/me/password', async (req, res) => {
    const body = parse(changePasswordBody, req.body, 'body');
    const me = principalOf(res);
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
    res.status(204).end();
  });

  return router;
}
