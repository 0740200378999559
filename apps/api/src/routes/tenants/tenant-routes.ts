// POST /tenants: public sign-up. Creates the workspace, its owner, a default
// SLA policy and a default "Support" queue in one transaction (bound to the
// new tenant from its first statement), and logs the owner in.
// The route's contract (path, schemas) is apiRoutes.tenants.signUp in @relay/contracts.
import { randomUUID } from 'node:crypto';
import { apiRoutes } from '@relay/contracts';
import { createOperator, createTenant, createTenantDefaults, recordAudit, withTenant } from '@relay/db';
import { hashPassword } from '@relay/security';
import { Router } from 'express';
import { issueTokens } from '../../auth/issue-tokens.ts';
import type { ResolvedDeps } from '../../deps.ts';
import { AppError } from '../../errors/app-error.ts';
import { uniqueViolationOf } from '../../http/db-errors.ts';
import { routeMounter } from '../../http/mount-route.ts';

export function tenantRoutes(deps: ResolvedDeps): Router {
  const { sql } = deps;
  const router = Router();
  const mount = routeMounter(router, deps);
  const limiter = deps.authLimiters.signup;

  mount(apiRoutes.tenants.signUp, async ({ body }, { req }) => {
    const ip = req.ip ?? null;
    await limiter.consume(ip ?? 'unknown');
    const passwordHash = await hashPassword(body.owner.password);
    const tenantId = randomUUID();
    try {
      const { tenant, pair } = await withTenant(sql, tenantId, async (tx) => {
        const tenant = await createTenant(tx, { id: tenantId, name: body.name, slug: body.slug });
        const owner = await createOperator(tx, tenantId, {
          email: body.owner.email,
          name: body.owner.name,
          passwordHash,
          role: 'owner',
        });
        const defaults = await createTenantDefaults(tx, tenantId, owner.id);
        await recordAudit(tx, tenantId, {
          operatorId: owner.id,
          action: 'tenant.create',
          targetType: 'tenant',
          targetId: tenantId,
          details: { name: body.name, slug: body.slug, ...defaults },
          ip,
        });
        const meta = { deviceId: null, userAgent: req.get('user-agent') ?? null, ip };
        return { tenant, pair: (await issueTokens(tx, deps, owner, meta)).pair };
      });
      return { tenant: { id: tenant.id, name: tenant.name, slug: tenant.slug }, ...pair };
    } catch (error) {
      if (uniqueViolationOf(error) !== undefined) {
        throw new AppError('conflict', 'this workspace address is taken', [
          { path: ['slug'], message: 'already taken', code: 'custom' },
        ]);
      }
      throw error;
    }
  });

  return router;
}
