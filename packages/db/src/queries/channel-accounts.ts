// Owns channel accounts. Webhooks arrive before the tenant is known, so the
// lookup by webhook token runs on the pool as the schema owner; everything
// else runs inside withTenant.
import type { Queryable, Sql, Tx } from '../create-db.ts';

export type ChannelAccountRow = {
  tenantId: string;
  id: string;
  channel: string;
  name: string;
  externalAccountId: string;
  webhookToken: string;
  secret: string | null;
  credentials: string | null;
  settings: Record<string, unknown>;
  queueId: string | null;
  isActive: boolean;
  lastWebhookAt: Date | null;
  errorCount: number;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
};

export type NewChannelAccount = {
  channel: string;
  name: string;
  externalAccountId: string;
  webhookToken: string;
  secret: string | null;
  credentials: string | null;
  settings: Record<string, unknown>;
  queueId: string | null;
};

export async function createChannelAccount(tx: Tx, tenantId: string, input: NewChannelAccount) {
  const [row] = await tx<ChannelAccountRow[]>`
    insert into channel_accounts (tenant_id, channel, name, external_account_id, webhook_token, secret, credentials,
                                  settings, queue_id)
    values (${tenantId}, ${input.channel}, ${input.name}, ${input.externalAccountId}, ${input.webhookToken},
            ${input.secret}, ${input.credentials}, ${tx.json(input.settings as never)}, ${input.queueId})
    returning *`;
  return row as ChannelAccountRow;
}

/** The account behind a webhook URL and whether its workspace may take messages, in one round trip. */
export async function findWebhookAccount(
  sql: Sql,
  token: string,
): Promise<{ account: ChannelAccountRow; tenantOpen: boolean } | undefined> {
  const [row] = await sql<(ChannelAccountRow & { tenantOpen: boolean })[]>`
    select a.*, (t.is_active and not t.suspended) as tenant_open
      from channel_accounts a join tenants t on t.id = a.tenant_id
     where a.webhook_token = ${token}`;
  if (!row) return undefined;
  const { tenantOpen, ...account } = row;
  return { account, tenantOpen };
}

export async function listChannelAccounts(tx: Queryable, tenantId: string) {
  return tx<
    ChannelAccountRow[]
  >`select * from channel_accounts where tenant_id = ${tenantId} order by channel, name, id`;
}

export async function getChannelAccount(tx: Queryable, tenantId: string, id: string) {
  const [row] = await tx<
    ChannelAccountRow[]
  >`select * from channel_accounts where tenant_id = ${tenantId} and id = ${id}`;
  return row;
}

export type ChannelAccountChanges = Pick<ChannelAccountRow, 'name' | 'queueId' | 'isActive'>;

export async function updateChannelAccount(
  tx: Tx,
  tenantId: string,
  id: string,
  changes: ChannelAccountChanges,
): Promise<ChannelAccountRow | undefined> {
  const [row] = await tx<ChannelAccountRow[]>`
    update channel_accounts set name = ${changes.name}, queue_id = ${changes.queueId}, is_active = ${changes.isActive}
     where tenant_id = ${tenantId} and id = ${id}
    returning *`;
  return row;
}

export type AutoReplyRow = {
  id: string;
  name: string;
  trigger: 'keyword' | 'greeting' | 'away';
  keywords: string[];
  content: string;
  channels: string[];
  priority: number;
};
