// API keys for integrations (admins only). The key is shown once, in the
// creation response; only its sha256 and a short prefix are stored.
// The routes' contracts (paths, roles, schemas) are apiRoutes.apiKeys in @relay/contracts.
import { randomBytes } from 'node:crypto';
import { type ApiKey, type ApiKeyScope, apiRoutes } from '@relay/contracts';
import { type ApiKeyRow, createApiKey, listApiKeys, revokeApiKey, withTenant } from '@relay/db';
import { hashToken, randomToken } from '@relay/security';
import { Router } from 'express';
import type { ResolvedDeps } from '../../deps.ts';
import { notFound } from '../../errors/app-error.ts';
import { auditWrite } from '../../http/audit-write.ts';
import { routeMounter } from '../../http/mount-route.ts';

const routes = apiRoutes.apiKeys;

function apiKeyDto(row: ApiKeyRow): ApiKey {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    // Written only from createApiKeyBody's scopes (the column is text[]); the response check holds it to that.
    scopes: row.scopes as ApiKeyScope[],
    createdBy: row.createdBy,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

export function apiKeyRoutes(deps: ResolvedDeps): Router {
  const { sql } = deps;
  const router = Router();
  const mount = routeMounter(router, deps);

  mount(routes.listApiKeys, async (_input, { principal: me }) => {
    const rows = await withTenant(sql, me.tenantId, (tx) => listApiKeys(tx, me.tenantId));
    return { items: rows.map(apiKeyDto) };
  });

  mount(routes.createApiKey, async ({ body }, { req, principal: me }) => {
    // rk_<8 hex>_<secret>: the prefix (fixed length, no "_") names the key in lists and logs.
    const prefix = `rk_${randomBytes(4).toString('hex')}`;
    const key = `${prefix}_${randomToken(32)}`;
    const row = await withTenant(sql, me.tenantId, async (tx) => {
      const created = await createApiKey(tx, me.tenantId, {
        name: body.name,
        prefix,
        keyHash: hashToken(key),
        scopes: body.scopes,
        createdBy: me.operatorId,
        expiresAt: body.expiresAt ? new Date(body.expiresAt) : null,
      });
      await auditWrite(tx, me, req, {
        action: 'api_key.create',
        targetType: 'api_key',
        targetId: created.id,
        details: { name: body.name, prefix, scopes: body.scopes, expiresAt: body.expiresAt ?? null },
      });
      return created;
    });
    return { ...apiKeyDto(row), key };
  });

  mount(routes.revokeApiKey, async ({ params: { id } }, { req, principal: me }) => {
    await withTenant(sql, me.tenantId, async (tx) => {
      const row = await revokeApiKey(tx, me.tenantId, id);
      if (!row) throw notFound('API key');
      await auditWrite(tx, me, req, {
        action: 'api_key.revoke',
        targetType: 'api_key',
        targetId: id,
        details: { name: row.name, prefix: row.prefix },
      });
    });
  });

  return router;
}
