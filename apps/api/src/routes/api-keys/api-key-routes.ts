// API keys for integrations (admins only). The key is shown once, in the
// creation response; only its sha256 and a short prefix are stored.
import { randomBytes } from 'node:crypto';
import { createApiKeyBody, idParams } from '@relay/contracts';
import { type ApiKeyRow, createApiKey, listApiKeys, revokeApiKey, withTenant } from '@relay/db';
import { hashToken, randomToken } from '@relay/security';
import { Router } from 'express';
import { principalOf, requireRole } from '../../auth/authenticate.ts';
import type { ResolvedDeps } from '../../deps.ts';
import { notFound } from '../../errors/app-error.ts';
import { auditWrite } from '../../http/audit-write.ts';
import { parse } from '../../http/parse.ts';

function apiKeyDto(row: ApiKeyRow) {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes,
    createdBy: row.createdBy,
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
    lastUsedAt: row.lastUsedAt,
    createdAt: row.createdAt,
  };
}

export function apiKeyRoutes({ sql }: ResolvedDeps): Router {
  const router = Router();

  router.get('/api-keys', requireRole('admin'), async (_req, res) => {
    const me = principalOf(res);
    const rows = await withTenant(sql, me.tenantId, (tx) => listApiKeys(tx, me.tenantId));
    res.json({ items: rows.map(apiKeyDto) });
  });

  router.post('/api-keys', requireRole('admin'), async (req, res) => {
    const body = parse(createApiKeyBody, req.body, 'body');
    const me = principalOf(res);
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
    res.status(201).json({ ...apiKeyDto(row), key });
  });

  router.delete('/api-keys/:id', requireRole('admin'), async (req, res) => {
    const { id } = parse(idParams, req.params, 'params');
    const me = principalOf(res);
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
    res.status(204).end();
  });

  return router;
}
