// The push tests' world: a tenant with a queue of three operators and one
// conversation, events written the way every writer writes them, and waiting
// until the worker has read an event from the log (and finished any retry).
import {
  createOperator,
  createTenant,
  type EventRow,
  findOrCreateClientByIdentity,
  findOrCreateConversation,
  getPushCursor,
  type NewEvent,
  PUSH_EVENT_JOB,
  type Sql,
  upsertDevice,
  withTenant,
} from '@relay/db';
import { uniqueSlug } from '@relay/db/testing';
import { conversationAudience, writeWithEvents } from '@relay/realtime';

export type World = {
  tenantId: string;
  slug: string;
  queueId: string;
  conversationId: string;
  operators: Record<'ann' | 'ben' | 'cid', string>;
};

export const OPERATOR_NAMES = ['ann', 'ben', 'cid'] as const;

/** The FCM token the world gives an operator's phone. */
export const phoneTokenOf = (w: World, name: (typeof OPERATOR_NAMES)[number]) => `token-${w.slug}-${name}-phone`;

/** Registers (or refreshes) an operator's phone with its FCM token. */
export async function registerPhone(sql: Sql, w: World, name: (typeof OPERATOR_NAMES)[number]) {
  await withTenant(sql, w.tenantId, (tx) =>
    upsertDevice(tx, w.tenantId, {
      operatorId: w.operators[name],
      deviceId: `${name}-phone`,
      deviceType: 'mobile',
      platform: 'android',
      fcmToken: phoneTokenOf(w, name),
    }),
  );
}

/**
 * A tenant with a queue of three operators (ann, ben online; cid away), each
 * with a browser and (unless `phones` is false) a phone, and one conversation.
 */
export async function pushWorld(sql: Sql, options: { phones?: boolean } = {}): Promise<World> {
  const slug = uniqueSlug('push');
  const tenant = await createTenant(sql, { name: slug, slug });
  const w = await withTenant(sql, tenant.id, async (tx) => {
    const [queue] = await tx<
      { id: string }[]
    >`insert into queues (tenant_id, name) values (${tenant.id}, 'Q') returning id`;
    const queueId = queue?.id as string;
    const operators = {} as World['operators'];
    for (const name of OPERATOR_NAMES) {
      const op = await createOperator(tx, tenant.id, { email: `${name}@${slug}.test`, name, passwordHash: null });
      operators[name] = op.id;
      await tx`update operators set availability = ${name === 'cid' ? 'away' : 'online'} where tenant_id = ${tenant.id} and id = ${op.id}`;
      await tx`insert into queue_members (tenant_id, queue_id, operator_id) values (${tenant.id}, ${queueId}, ${op.id})`;
      await upsertDevice(tx, tenant.id, { operatorId: op.id, deviceId: `${name}-browser` });
    }
    const [account] = await tx<{ id: string }[]>`
      insert into channel_accounts (tenant_id, channel, name, external_account_id, webhook_token, queue_id)
      values (${tenant.id}, 'telegram', 'Bot', ${slug}, ${`wh-${slug}-0123456789abcdef`}, ${queueId}) returning id`;
    const { client } = await findOrCreateClientByIdentity(tx, tenant.id, {
      channel: 'telegram',
      externalId: `${slug}-c`,
      displayName: 'Maria Client',
    });
    const { conversation } = await findOrCreateConversation(tx, tenant.id, {
      clientId: client.id,
      channelAccountId: account?.id as string,
      externalChatId: `${slug}-chat`,
      queueId,
    });
    return { tenantId: tenant.id, slug, queueId, conversationId: conversation.id, operators };
  });
  if (options.phones !== false) for (const name of OPERATOR_NAMES) await registerPhone(sql, w, name);
  return w;
}

/** Writes like every writer; the last event it appended comes back as it was published. */
export async function writeEvents(
  sql: Sql,
  tenantId: string,
  fn: Parameters<typeof writeWithEvents>[2],
): Promise<EventRow> {
  const published: EventRow[] = [];
  const writer = {
    sql,
    publisher: { publish: async (events: EventRow[]) => void published.push(...events) },
    onPublishError: () => {},
  };
  await writeWithEvents(writer, tenantId, fn);
  return published.at(-1) as EventRow;
}

export async function assignTo(sql: Sql, w: World, operatorId: string | null) {
  await withTenant(
    sql,
    w.tenantId,
    (tx) =>
      tx`update conversations set assigned_operator_id = ${operatorId} where tenant_id = ${w.tenantId} and id = ${w.conversationId}`,
  );
}

/** An inbound client message, written as the webhook ingest writes it. */
export async function inboundMessage(sql: Sql, w: World, content = 'Where is my order?'): Promise<EventRow> {
  return writeEvents(sql, w.tenantId, async (tx, emit) => {
    const [conversation] = await tx<{ queueId: string; assignedOperatorId: string | null }[]>`
      select queue_id, assigned_operator_id from conversations where tenant_id = ${w.tenantId} and id = ${w.conversationId}`;
    return emit({
      type: 'message.created',
      conversationId: w.conversationId,
      audience: conversationAudience(conversation as { queueId: string; assignedOperatorId: string | null }),
      payload: { conversationId: w.conversationId, message: { direction: 'inbound', type: 'text', content } },
      // A message reduced to what push reads: off the contract on purpose.
    } as NewEvent);
  });
}

/** The retry job queued for an event, if any. */
export async function pushRetryJob(sql: Sql, w: World, seq: number) {
  const [job] = await sql<{ status: string; attempts: number; lastError: string | null; payload: unknown }[]>`
    select status, attempts, last_error, payload from jobs
     where tenant_id = ${w.tenantId} and kind = ${PUSH_EVENT_JOB} and dedupe_key = ${String(seq)}`;
  return job;
}

export const pushCursorOf = (sql: Sql, w: World) => withTenant(sql, w.tenantId, (tx) => getPushCursor(tx, w.tenantId));

/** The worker has read the event from the log, and any retry it queued for it has finished. */
export async function pushSettled(sql: Sql, w: World, seq: number, timeoutMs = 8000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const cursor = await pushCursorOf(sql, w);
    const job = await pushRetryJob(sql, w, seq);
    if (cursor !== null && cursor >= seq && (!job || job.status === 'done' || job.status === 'dead')) return job;
    if (Date.now() > deadline) throw new Error(`push for seq ${seq}: cursor at ${cursor}, retry ${job?.status}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function phoneTokenNow(sql: Sql, w: World, name: string) {
  const [row] = await withTenant(
    sql,
    w.tenantId,
    (tx) =>
      tx<{ fcmToken: string | null }[]>`
      select fcm_token from operator_devices where tenant_id = ${w.tenantId} and device_id = ${`${name}-phone`}`,
  );
  return row?.fcmToken;
}
