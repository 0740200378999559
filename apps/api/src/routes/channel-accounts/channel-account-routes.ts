// Channel accounts: where messages come from. Credentials and the webhook
// secret are sealed with AES-256-GCM at rest; the secret is shown once, in the
// creation response, and the webhook URL always (to admins). A callback URL
// the outbound policy can never reach (a literal loopback or private address,
// credentials in it) is refused when saved; the worker judges it again at
// each send, since a name's DNS can change.
// The routes' contracts (paths, roles, schemas) are apiRoutes.channelAccounts in @relay/contracts.
import { apiRoutes, atLeast, type ChannelAccount, type ChannelKind } from '@relay/contracts';
import {
  type ChannelAccountRow,
  createChannelAccount,
  getChannelAccount,
  getDefaultQueueId,
  getQueue,
  listChannelAccounts,
  updateChannelAccount,
  withTenant,
} from '@relay/db';
import { randomToken, sealSecret } from '@relay/security';
import { Router } from 'express';
import type { ResolvedDeps } from '../../deps.ts';
import { AppError, notFound } from '../../errors/app-error.ts';
import { auditWrite } from '../../http/audit-write.ts';
import { routeMounter } from '../../http/mount-route.ts';

const routes = apiRoutes.channelAccounts;
const UNIQUE_VIOLATION = '23505';
const FOREIGN_KEY_VIOLATION = '23503';

export function webhookUrlOf(publicUrl: string, account: Pick<ChannelAccountRow, 'channel' | 'webhookToken'>) {
  return `${publicUrl}/webhooks/${account.channel}/${account.webhookToken}`;
}

function accountDto(account: ChannelAccountRow, publicUrl: string, showWebhook: boolean): ChannelAccount {
  const verifyToken = account.settings.verifyToken;
  return {
    id: account.id,
    // Written only from createChannelAccountBody's channel; the response check holds it to that.
    channel: account.channel as ChannelKind,
    name: account.name,
    externalAccountId: account.externalAccountId,
    queueId: account.queueId,
    isActive: account.isActive,
    hasCredentials: account.credentials !== null,
    lastWebhookAt: account.lastWebhookAt?.toISOString() ?? null,
    errorCount: account.errorCount,
    lastError: account.lastError,
    createdAt: account.createdAt.toISOString(),
    ...(showWebhook
      ? {
          webhookUrl: webhookUrlOf(publicUrl, account),
          ...(account.channel === 'whatsapp' && typeof verifyToken === 'string' ? { verifyToken } : {}),
        }
      : {}),
  };
}

export function channelAccountRoutes(deps: ResolvedDeps): Router {
  const { sql, config } = deps;
  const router = Router();
  const mount = routeMounter(router, deps);

  mount(routes.listChannelAccounts, async (_input, { principal: me }) => {
    const rows = await withTenant(sql, me.tenantId, (tx) => listChannelAccounts(tx, me.tenantId));
    return { items: rows.map((row) => accountDto(row, config.publicUrl, atLeast(me.role, 'supervisor'))) };
  });

  mount(routes.getChannelAccount, async ({ params: { id } }, { principal: me }) => {
    const row = await withTenant(sql, me.tenantId, (tx) => getChannelAccount(tx, me.tenantId, id));
    if (!row) throw notFound('channel account');
    return accountDto(row, config.publicUrl, atLeast(me.role, 'supervisor'));
  });

  mount(routes.createChannelAccount, async ({ body }, { req, principal: me }) => {
    const callbackUrl = body.credentials.callbackUrl;
    if (body.channel !== 'telegram' && body.channel !== 'whatsapp' && typeof callbackUrl === 'string') {
      const problem = deps.egress.problemWith(callbackUrl);
      if (problem) {
        throw new AppError('unprocessable', `the callback URL cannot be used: ${problem}`, [
          { path: ['credentials', 'callbackUrl'], message: problem, code: 'outbound_policy' },
        ]);
      }
    }
    const secret = body.secret ?? randomToken(32);
    const settings = body.channel === 'whatsapp' ? { verifyToken: randomToken(24) } : {};
    try {
      const row = await withTenant(sql, me.tenantId, async (tx) => {
        // No queueId: the default queue, so new conversations are routed at once. null: no queue.
        const created = await createChannelAccount(tx, me.tenantId, {
          channel: body.channel,
          name: body.name,
          externalAccountId: body.externalAccountId,
          webhookToken: randomToken(24),
          secret: sealSecret(config.encryptionKey, secret),
          credentials: sealSecret(config.encryptionKey, JSON.stringify(body.credentials)),
          settings,
          queueId: body.queueId === undefined ? await getDefaultQueueId(tx, me.tenantId) : body.queueId,
        });
        await auditWrite(tx, me, req, {
          action: 'channel_account.create',
          targetType: 'channel_account',
          targetId: created.id,
          details: { channel: body.channel, name: body.name },
        });
        return created;
      });
      // A token is new, but a flood may have cached it as unknown.
      await deps.webhookAccounts.changed({ tenantId: me.tenantId, accountId: row.id, token: row.webhookToken });
      return { ...accountDto(row, config.publicUrl, true), secret };
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === UNIQUE_VIOLATION) {
        throw new AppError('conflict', `a ${body.channel} account with this externalAccountId already exists`);
      }
      if (code === FOREIGN_KEY_VIOLATION) throw notFound('queue');
      throw error;
    }
  });

  mount(routes.updateChannelAccount, async ({ params: { id }, body }, { req, principal: me }) => {
    const row = await withTenant(sql, me.tenantId, async (tx) => {
      const current = await getChannelAccount(tx, me.tenantId, id);
      if (!current) throw notFound('channel account');
      if (body.queueId && !(await getQueue(tx, me.tenantId, body.queueId))) throw notFound('queue');
      const updated = await updateChannelAccount(tx, me.tenantId, id, {
        name: body.name ?? current.name,
        queueId: body.queueId === undefined ? current.queueId : body.queueId,
        isActive: body.isActive ?? current.isActive,
      });
      if (!updated) throw notFound('channel account');
      await auditWrite(tx, me, req, {
        action: 'channel_account.update',
        targetType: 'channel_account',
        targetId: id,
        details: body,
      });
      return updated;
    });
    // Every API process drops its cached copy before this answers: a deactivated account's webhooks get 404 at once.
    await deps.webhookAccounts.changed({ tenantId: me.tenantId, accountId: row.id, token: row.webhookToken });
    return accountDto(row, config.publicUrl, true);
  });

  return router;
}
