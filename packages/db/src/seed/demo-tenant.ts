// Owns the demo tenant that standalone mode seeds on an empty database: enough
// of everything (people, channels, a routed queue, an SLA, canned answers, and
// live-looking conversations) that the product is worth looking at at once.
import { hashPassword, randomToken, sealSecret } from '@relay/security';
import type { Sql, Tx } from '../create-db.ts';
import { findOrCreateClientByIdentity } from '../queries/clients.ts';
import type { ConversationRow } from '../queries/conversation-row.ts';
import { findOrCreateConversation, getConversation, recordMessageOnConversation } from '../queries/conversations.ts';
import { appendEvent, type NewEvent } from '../queries/events.ts';
import { insertInboundMessage, insertOutboundMessage } from '../queries/messages.ts';
import { createOperator, type OperatorRole } from '../queries/operators.ts';
import { countTenants, createTenant } from '../queries/tenants.ts';
import { withTenant } from '../with-tenant.ts';

export const DEMO_TENANT_SLUG = 'demo';
export const DEMO_PASSWORD = 'demo1234';
export const DEMO_LOGINS: { email: string; name: string; role: OperatorRole }[] = [
  { email: 'owner@demo.test', name: 'Olivia Owner', role: 'owner' },
  { email: 'supervisor@demo.test', name: 'Sam Supervisor', role: 'supervisor' },
  { email: 'alice@demo.test', name: 'Alice Ivanova', role: 'operator' },
  { email: 'bob@demo.test', name: 'Bob Petrov', role: 'operator' },
  { email: 'carol@demo.test', name: 'Carol Smirnova', role: 'operator' },
];

const CHANNELS = [
  ['telegram', 'Telegram support bot', 'relay_demo_bot'],
  ['whatsapp', 'WhatsApp Business', '100200300400'],
  ['vk', 'VK community', 'club123456'],
  ['avito', 'Avito shop', 'avito-987654'],
  ['max', 'MAX bot', 'max-demo'],
  ['instagram', 'Instagram Direct', 'relay.demo'],
  ['facebook', 'Facebook Page', 'relaydemo'],
  ['web_form', 'Website contact form', 'site-form'],
  ['phone', 'Phone line', '+74950000000'],
  ['api', 'Generic API', 'crm-integration'],
] as const;

type DemoChat = {
  channel: (typeof CHANNELS)[number][0];
  externalId: string;
  name: string;
  messages: { from: 'client' | 'alice' | 'bob'; text: string; minutesAgo: number }[];
  assignee?: 'alice' | 'bob';
  status?: 'new' | 'open' | 'resolved';
};

const CHATS: DemoChat[] = [
  {
    channel: 'telegram',
    externalId: '5000000001',
    name: 'Dmitry K.',
    assignee: 'alice',
    status: 'open',
    messages: [
      { from: 'client', text: 'Hi! My order #1042 has not arrived yet.', minutesAgo: 42 },
      { from: 'alice', text: 'Hello Dmitry, let me check the tracking for you.', minutesAgo: 40 },
      { from: 'client', text: 'Thanks, it was due yesterday.', minutesAgo: 3 },
    ],
  },
  {
    channel: 'whatsapp',
    externalId: '79161234567',
    name: 'Maria S.',
    messages: [{ from: 'client', text: 'Do you deliver to Kazan on weekends?', minutesAgo: 2 }],
  },
  {
    channel: 'web_form',
    externalId: 'form-ivan@example.com',
    name: 'Ivan P.',
    assignee: 'bob',
    status: 'open',
    messages: [
      { from: 'client', text: 'I would like a quote for 20 licences.', minutesAgo: 95 },
      { from: 'bob', text: 'Happy to help. Which plan are you interested in?', minutesAgo: 80 },
    ],
  },
  {
    channel: 'telegram',
    externalId: '5000000002',
    name: 'Anna L.',
    assignee: 'alice',
    status: 'resolved',
    messages: [
      { from: 'client', text: 'How do I reset my password?', minutesAgo: 300 },
      {
        from: 'alice',
        text: 'Use "Forgot password" on the login page; the link is valid for an hour.',
        minutesAgo: 290,
      },
      { from: 'client', text: 'Worked, thank you!', minutesAgo: 285 },
    ],
  },
];

/** Seeds the demo tenant when the database has no tenant at all. Returns whether it did. */
export async function seedDemoTenantIfEmpty(sql: Sql, options: { encryptionKey: Buffer }): Promise<boolean> {
  if ((await countTenants(sql)) > 0) return false;
  await seedDemoTenant(sql, { ...options, slug: DEMO_TENANT_SLUG, name: 'Demo Company' });
  return true;
}

/** A tenant with the demo contents under any slug (tests use many). Returns its id. */
export async function seedDemoTenant(
  sql: Sql,
  options: { encryptionKey: Buffer; slug: string; name: string },
): Promise<string> {
  const hashes = await Promise.all(DEMO_LOGINS.map(() => hashPassword(DEMO_PASSWORD)));
  const tenant = await createTenant(sql, { name: options.name, slug: options.slug, plan: 'demo' });
  await withTenant(sql, tenant.id, (tx) => seedTenantContents(tx, tenant.id, hashes, options.encryptionKey));
  return tenant.id;
}

async function seedTenantContents(tx: Tx, tenantId: string, hashes: string[], encryptionKey: Buffer) {
  const operators: Record<string, string> = {};
  for (const [i, login] of DEMO_LOGINS.entries()) {
    const op = await createOperator(tx, tenantId, { ...login, passwordHash: hashes[i] ?? null, capacity: 8 });
    operators[login.email.split('@')[0] as string] = op.id;
  }

  const [sla] = await tx<{ id: string }[]>`
    insert into sla_policies (tenant_id, name, first_response_seconds, resolution_seconds, warn_at_percent, is_default)
    values (${tenantId}, 'Standard', 300, 86400, 80, true) returning id`;
  const [support] = await tx<{ id: string }[]>`
    insert into queues (tenant_id, name, routing_mode, sla_policy_id, is_default)
    values (${tenantId}, 'Support', 'round_robin', ${sla?.id ?? null}, true) returning id`;
  const [sales] = await tx<{ id: string }[]>`
    insert into queues (tenant_id, name, routing_mode, sla_policy_id)
    values (${tenantId}, 'Sales', 'least_loaded', ${sla?.id ?? null}) returning id`;
  const supportId = support?.id as string;
  for (const name of ['alice', 'bob', 'carol']) {
    await tx`insert into queue_members (tenant_id, queue_id, operator_id) values (${tenantId}, ${supportId}, ${operators[name] as string})`;
  }
  await tx`insert into queue_members (tenant_id, queue_id, operator_id) values (${tenantId}, ${sales?.id as string}, ${operators.carol as string})`;

  const accounts: Record<string, string> = {};
  for (const [channel, name, externalAccountId] of CHANNELS) {
    const [row] = await tx<{ id: string }[]>`
      insert into channel_accounts (tenant_id, channel, name, external_account_id, webhook_token, secret, queue_id)
      values (${tenantId}, ${channel}, ${name}, ${externalAccountId}, ${randomToken(24)},
              ${sealSecret(encryptionKey, randomToken(24))}, ${supportId})
      returning id`;
    accounts[channel] = row?.id as string;
  }

  await tx`
    insert into canned_responses (tenant_id, title, shortcut, content, category) values
      (${tenantId}, 'Greeting', 'hello', 'Hello! Thanks for reaching out. How can I help you today?', 'general'),
      (${tenantId}, 'Checking', 'check', 'Let me check that for you, it will take a minute.', 'general'),
      (${tenantId}, 'Opening hours', 'hours', 'We are here Monday to Friday, 9:00 to 18:00 Moscow time.', 'info'),
      (${tenantId}, 'Closing', 'thanks', 'Glad I could help! Have a great day.', 'general')`;
  await tx`
    insert into tags (tenant_id, name, color) values
      (${tenantId}, 'vip', '#d97706'), (${tenantId}, 'billing', '#2563eb'),
      (${tenantId}, 'bug', '#dc2626'), (${tenantId}, 'delivery', '#059669')`;
  await tx`
    insert into funnel_stages (tenant_id, name, position, is_final) values
      (${tenantId}, 'New lead', 0, false), (${tenantId}, 'Qualified', 1, false),
      (${tenantId}, 'Won', 2, true), (${tenantId}, 'Lost', 3, true)`;
  await tx`
    insert into auto_replies (tenant_id, name, trigger, keywords, content, priority) values
      (${tenantId}, 'Welcome', 'greeting', '{}', 'Hi! An operator will answer you within 5 minutes.', 0),
      (${tenantId}, 'Opening hours', 'keyword', '{hours,schedule}', 'We are open Monday to Friday, 9:00 to 18:00.', 10),
      (${tenantId}, 'After hours', 'away', '{}', 'We are offline right now and will answer first thing in the morning.', 0)`;

  for (const chat of CHATS) {
    await seedChat(tx, tenantId, chat, accounts[chat.channel] as string, supportId, operators);
  }
}

/** A conversation as events carry it: the row without its attributes (conversationPayload in @relay/realtime). */
function eventFields(row: ConversationRow) {
  const { attributes: _attributes, ...fields } = row;
  return fields;
}

async function seedChat(
  tx: Tx,
  tenantId: string,
  chat: DemoChat,
  accountId: string,
  queueId: string,
  operators: Record<string, string>,
) {
  const { client } = await findOrCreateClientByIdentity(tx, tenantId, {
    channel: chat.channel,
    externalId: chat.externalId,
    displayName: chat.name,
  });
  const { conversation } = await findOrCreateConversation(tx, tenantId, {
    clientId: client.id,
    channelAccountId: accountId,
    externalChatId: chat.externalId,
    queueId,
  });
  const startedAt = new Date(Date.now() - (chat.messages[0]?.minutesAgo ?? 0) * 60_000);
  await tx`
    update conversations set created_at = ${startedAt}, last_message_at = ${startedAt}
     where tenant_id = ${tenantId} and id = ${conversation.id}`;
  // The demo's history is written as the writers write it (typed NewEvent): a browser catching up
  // over it applies these events like live ones.
  const started = (await getConversation(tx, tenantId, conversation.id)) as ConversationRow;
  const created: NewEvent<'conversation.created'> = {
    type: 'conversation.created',
    conversationId: conversation.id,
    audience: { queueId },
    payload: {
      conversationId: conversation.id,
      conversation: eventFields(started),
      client: { id: client.id, name: client.name },
    },
  };
  await appendEvent(tx, tenantId, created);

  for (const [i, m] of chat.messages.entries()) {
    const createdAt = new Date(Date.now() - m.minutesAgo * 60_000);
    const message =
      m.from === 'client'
        ? await insertInboundMessage(tx, tenantId, {
            conversationId: conversation.id,
            channelAccountId: accountId,
            externalMessageId: `${chat.externalId}:${i + 1}`,
            content: m.text,
            createdAt,
          })
        : (
            await insertOutboundMessage(tx, tenantId, {
              conversationId: conversation.id,
              channelAccountId: accountId,
              actorType: 'operator',
              actorId: operators[m.from] ?? null,
              clientMessageId: null,
              content: m.text,
              status: 'delivered',
              createdAt,
            })
          ).message;
    if (!message) continue;
    const updated = await recordMessageOnConversation(tx, tenantId, conversation.id, {
      actorType: message.actorType,
      createdAt,
    });
    const created: NewEvent<'message.created'> = {
      type: 'message.created',
      conversationId: conversation.id,
      audience: { queueId },
      payload: {
        conversationId: conversation.id,
        message: { ...message, attachments: [] },
        conversation: eventFields(updated),
      },
    };
    await appendEvent(tx, tenantId, created);
  }

  const assignee = chat.assignee ? (operators[chat.assignee] ?? null) : null;
  if (assignee) {
    await tx`
      insert into assignments (tenant_id, conversation_id, operator_id, kind, reason)
      values (${tenantId}, ${conversation.id}, ${assignee}, 'round_robin', 'demo data')`;
  }
  const status = chat.status ?? 'new';
  await tx`
    update conversations set assigned_operator_id = ${assignee}, status = ${status},
           resolved_at = case when ${status} = 'resolved' then last_message_at end
     where tenant_id = ${tenantId} and id = ${conversation.id}`;
}
