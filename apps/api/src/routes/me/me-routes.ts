// GET /me: the caller, as the API sees them (fresh from the database).
import { getOperator, withTenant } from '@relay/db';
import { Router } from 'express';
import type { ResolvedDeps } from '../../app.ts';
import { principalOf } from '../../auth/authenticate.ts';
import { operatorDto } from '../../auth/issue-tokens.ts';
import { notFound } from '../../errors/app-error.ts';

export function meRoutes({ sql }: ResolvedDeps): Router {
  const router = Router();
  router.get('/me', async (_req, res) => {
    const me = principalOf(res);
    const operator = await withTenant(sql, me.tenantId, (tx) => getOperator(tx, me.tenantId, me.operatorId));
    if (!operator) throw notFound('operator');
    res.json(operatorDto(operator));
  });
  return router;
}
