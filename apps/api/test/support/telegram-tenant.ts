// A tenant with one Telegram account made straight in the database (no demo
// seed: the group-commit tests make dozens), its webhook token and secret.
import {
  type ChannelAccountRow,
  createChannelAccount,
  createTenant,
  findWebhookAccount,
  type Sql,
  withTenant,
} from '@relay/db';
import { uniqueSlug } from '@relay/db/testing';
import { randomToken, sealSecret } from '@relay/security';
import { config } from './api-harness.ts';

export type TelegramTenant = { tenantId: string; account: ChannelAccountRow; token: string; secret: string };

export async function telegramTenant(sql: Sql, name: string, maxDialogs = 1000): Promise<TelegramTenant> {
  const tenant = await createTenant(sql, { name, slug: uniqueSlug('gc') });
  const token = randomToken(24);
  const secret = randomToken(24);
  await withTenant(sql, tenant.id, async (tx) => {
    await tx`update tenants set max_dialogs_per_month = ${maxDialogs} where id = ${tenant.id}`;
    await createChannelAccount(tx, tenant.id, {
      channel: 'telegram',
      name: 'Bot',
      externalAccountId: `gc_${token.slice(0, 8)}`,
      webhookToken: token,
      secret: sealSecret(config.encryptionKey, secret),
      credentials: null,
      settings: {},
      queueId: null,
    });
  });
  const found = await findWebhookAccount(sql, token);
  return { tenantId: tenant.id, account: found?.account as ChannelAccountRow, token, secret };
}

/** The tenant's events are numbered 1..n with no gap, and its counter says n. Returns n. */
export async function gaplessSeqs(
  sql: Sql,
  tenantId: string,
): Promise<{ count: number; max: number; counter: number }> {
  const [row] = await sql<{ count: number; max: number; counter: number }[]>`
    select count(*)::int as count, coalesce(max(seq), 0)::int as max,
           (select event_seq::int from tenants where id = ${tenantId}) as counter
      from events where tenant_id = ${tenantId}`;
  return row as { count: number; max: number; counter: number };
}
