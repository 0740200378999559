// A tenant with at least one row in every tenant-owned table, so isolation
// tests can be generated from the catalog. A new table without a row here
// makes the RLS test fail and point at this file.
import type { Sql, Tx } from '../create-db.ts';
import { findOrCreateClientByIdentity } from '../queries/clients.ts';
import { findOrCreateConversation, recordMessageOnConversation } from '../queries/conversations.ts';
import { appendEvent } from '../queries/events.ts';
import { insertInboundMessage, insertOutboundMessage } from '../queries/messages.ts';
import { createOperator, upsertDevice } from '../queries/operators.ts';
import { createTenant } from '../queries/tenants.ts';
import { withTenant } from '../with-tenant.ts';
import { uniqueSlug } from './test-db.ts';

export type TenantFixture = {
  tenantId: string;
  operatorId: string;
  queueId: string;
  channelAccountId: string;
  clientId: string;
  conversationId: string;
  messageId: string;
};

export async function fillEveryTenantTable(sql: Sql): Promise<TenantFixture> {
  const slug = uniqueSlug('fx');
  const tenant = await createTenant(sql, { name: `Fixture ${slug}`, slug });
  return withTenant(sql, tenant.id, (tx) => fill(tx, tenant.id, slug));
}

async function fill(tx: Tx, tenantId: string, slug: string): Promise<TenantFixture> {
  const op = await createOperator(tx, tenantId, { email: `op@${slug}.test`, name: 'Op', passwordHash: null });
  await upsertDevice(tx, tenantId, { operatorId: op.id, deviceId: 'device-1', fcmToken: `fcm-${slug}` });
  await tx`
    insert into sessions (tenant_id, operator_id, token_hash, expires_at)
    values (${tenantId}, ${op.id}, ${`session-${slug}`}, now() + interval '1 day')`;
  await tx`
    insert into api_keys (tenant_id, name, prefix, key_hash, created_by)
    values (${tenantId}, 'key', 'rk_test', ${`key-${slug}`}, ${op.id})`;

  const [sla] = await tx<{ id: string }[]>`
    insert into sla_policies (tenant_id, name, first_response_seconds) values (${tenantId}, 'SLA', 60) returning id`;
  const [queue] = await tx<{ id: string }[]>`
    insert into queues (tenant_id, name, sla_policy_id) values (${tenantId}, 'Q', ${sla?.id as string}) returning id`;
  const queueId = queue?.id as string;
  await tx`insert into queue_members (tenant_id, queue_id, operator_id) values (${tenantId}, ${queueId}, ${op.id})`;
  const [account] = await tx<{ id: string }[]>`
    insert into channel_accounts (tenant_id, channel, name, external_account_id, webhook_token, queue_id)
    values (${tenantId}, 'telegram', 'Bot', ${slug}, ${`wh-${slug}-0123456789abcdefghij`}, ${queueId})
    returning id`;
  const channelAccountId = account?.id as string;

  const { client } = await findOrCreateClientByIdentity(tx, tenantId, {
    channel: 'telegram',
    externalId: `${slug}-1`,
    displayName: 'Client One',
  });
  const { client: other } = await findOrCreateClientByIdentity(tx, tenantId, {
    channel: 'telegram',
    externalId: `${slug}-2`,
    displayName: 'Client Two',
  });
  await tx`update clients set merged_into_id = ${client.id} where tenant_id = ${tenantId} and id = ${other.id}`;
  await tx`
    insert into client_merges (tenant_id, master_client_id, merged_client_id, merged_by, reason)
    values (${tenantId}, ${client.id}, ${other.id}, ${op.id}, 'same person')`;

  const [stage] = await tx<{ id: string }[]>`
    insert into funnel_stages (tenant_id, name) values (${tenantId}, 'Lead') returning id`;
  const { conversation } = await findOrCreateConversation(tx, tenantId, {
    clientId: client.id,
    channelAccountId,
    externalChatId: `${slug}-1`,
    queueId,
  });
  await tx`update conversations set stage_id = ${stage?.id as string} where tenant_id = ${tenantId} and id = ${conversation.id}`;
  const inbound = await insertInboundMessage(tx, tenantId, {
    conversationId: conversation.id,
    channelAccountId,
    externalMessageId: `${slug}:1`,
    content: 'hello',
  });
  const messageId = inbound?.id as string;
  await recordMessageOnConversation(tx, tenantId, conversation.id, { actorType: 'client', createdAt: new Date() });
  const { message: outbound } = await insertOutboundMessage(tx, tenantId, {
    conversationId: conversation.id,
    channelAccountId,
    actorType: 'operator',
    actorId: op.id,
    clientMessageId: `cm-${slug}`,
    content: 'hi',
  });
  await tx`
    insert into message_attachments (tenant_id, message_id, type, url, mime_type)
    values (${tenantId}, ${messageId}, 'image', 'https://example.test/a.png', 'image/png')`;
  await tx`insert into message_status_updates (tenant_id, message_id, status) values (${tenantId}, ${outbound.id}, 'sent')`;

  await tx`
    insert into notes (tenant_id, conversation_id, operator_id, content, mentions)
    values (${tenantId}, ${conversation.id}, ${op.id}, 'note', ${[op.id]})`;
  const [tag] = await tx<{ id: string }[]>`insert into tags (tenant_id, name) values (${tenantId}, 'tag') returning id`;
  await tx`
    insert into conversation_tags (tenant_id, conversation_id, tag_id)
    values (${tenantId}, ${conversation.id}, ${tag?.id as string})`;
  await tx`
    insert into assignments (tenant_id, conversation_id, operator_id, kind)
    values (${tenantId}, ${conversation.id}, ${op.id}, 'manual')`;
  await tx`
    insert into conversation_reads (tenant_id, conversation_id, operator_id, last_read_message_id)
    values (${tenantId}, ${conversation.id}, ${op.id}, ${messageId})`;
  await tx`
    insert into canned_responses (tenant_id, title, shortcut, content) values (${tenantId}, 'Hi', 'hi', 'Hello!')`;
  await tx`
    insert into auto_replies (tenant_id, name, trigger, content) values (${tenantId}, 'Welcome', 'greeting', 'Hi')`;
  await tx`
    insert into sla_events (tenant_id, conversation_id, kind, event, due_at)
    values (${tenantId}, ${conversation.id}, 'first_response', 'warning', now())`;
  await tx`
    insert into audit_log (tenant_id, operator_id, action, target_type, target_id)
    values (${tenantId}, ${op.id}, 'conversation.assign', 'conversation', ${conversation.id})`;
  await tx`
    insert into jobs (tenant_id, kind, payload, dedupe_key)
    values (${tenantId}, 'deliver', ${tx.json({ messageId: outbound.id })}, ${outbound.id})`;
  await appendEvent(tx, tenantId, {
    type: 'message.created',
    conversationId: conversation.id,
    audience: { queueId },
    payload: { messageId },
  });

  return {
    tenantId,
    operatorId: op.id,
    queueId,
    channelAccountId,
    clientId: client.id,
    conversationId: conversation.id,
    messageId,
  };
}
