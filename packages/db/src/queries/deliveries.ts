// Owns what outbound delivery reads and writes: the message with its chat and
// channel account, and the status moves with their history rows.
import type { Sql, Tx } from '../create-db.ts';
import type { MessageRow, MessageStatus } from './messages.ts';

export type DeliveryContext = {
  message: MessageRow;
  externalChatId: string;
  queueId: string | null;
  assignedOperatorId: string | null;
  account: {
    id: string;
    channel: string;
    externalAccountId: string;
    credentials: string | null;
    secret: string | null;
    settings: Record<string, unknown>;
    isActive: boolean;
  };
};

/** Runs as the schema owner: the worker serves every tenant. */
export async function loadDeliveryContext(sql: Sql, tenantId: string, messageId: string) {
  const [row] = await sql<(MessageRow & Record<string, unknown>)[]>`
    select m.*, c.external_chat_id, c.queue_id, c.assigned_operator_id,
           a.channel as account_channel, a.external_account_id as account_external_id,
           a.credentials as account_credentials, a.secret as account_secret,
           a.settings as account_settings, a.is_active as account_active
      from messages m
      join conversations c on c.tenant_id = m.tenant_id and c.id = m.conversation_id
      join channel_accounts a on a.tenant_id = m.tenant_id and a.id = m.channel_account_id
     where m.tenant_id = ${tenantId} and m.id = ${messageId}`;
  if (!row) return undefined;
  const {
    externalChatId,
    queueId,
    assignedOperatorId,
    accountChannel,
    accountExternalId,
    accountCredentials,
    accountSecret,
    accountSettings,
    accountActive,
    ...message
  } = row;
  return {
    message: message as MessageRow,
    externalChatId: externalChatId as string,
    queueId: queueId as string | null,
    assignedOperatorId: assignedOperatorId as string | null,
    account: {
      id: message.channelAccountId,
      channel: accountChannel as string,
      externalAccountId: accountExternalId as string,
      credentials: accountCredentials as string | null,
      secret: accountSecret as string | null,
      settings: accountSettings as Record<string, unknown>,
      isActive: accountActive as boolean,
    },
  } satisfies DeliveryContext;
}

/**
 * Moves a message's status and records the move. Statuses only go forward
 * (pending → sent → delivered → read; failed from pending or sent), so a late
 * "delivered" cannot undo a "read". Returns the updated row, or undefined when
 * the move would go backwards.
 */
export async function moveMessageStatus(
  tx: Tx,
  tenantId: string,
  messageId: string,
  to: MessageStatus,
  extra: {
    externalMessageId?: string | null;
    error?: string | null;
    at?: Date;
    metadata?: Record<string, unknown>;
  } = {},
): Promise<MessageRow | undefined> {
  const [row] = await tx<MessageRow[]>`
    update messages set
      status = ${to},
      external_message_id = coalesce(${extra.externalMessageId ?? null}, external_message_id),
      error = ${to === 'failed' ? (extra.error ?? 'delivery failed') : null}
     where tenant_id = ${tenantId} and id = ${messageId}
       and array_position(array['pending','sent','delivered','read'], status)
           < coalesce(array_position(array['pending','sent','delivered','read'], ${to}::text), 99)
       and (${to} <> 'failed' or status in ('pending', 'sent'))
    returning *`;
  if (!row) return undefined;
  await tx`
    insert into message_status_updates (tenant_id, message_id, status, at, metadata)
    values (${tenantId}, ${messageId}, ${to}, ${extra.at ?? new Date()}, ${tx.json((extra.metadata ?? {}) as never)})`;
  return row;
}

/**
 * Puts a failed message back to pending for another delivery attempt, the
 * error cleared and the move recorded. The one way back from failed, which
 * moveMessageStatus never allows; undefined unless the message was failed.
 */
export async function resetFailedMessage(
  tx: Tx,
  tenantId: string,
  messageId: string,
  metadata: Record<string, unknown> = {},
): Promise<MessageRow | undefined> {
  const [row] = await tx<MessageRow[]>`
    update messages set status = 'pending', error = null
     where tenant_id = ${tenantId} and id = ${messageId} and status = 'failed'
    returning *`;
  if (!row) return undefined;
  await tx`
    insert into message_status_updates (tenant_id, message_id, status, metadata)
    values (${tenantId}, ${messageId}, 'pending', ${tx.json(metadata as never)})`;
  return row;
}

export async function recordChannelError(sql: Sql | Tx, tenantId: string, accountId: string, error: string) {
  await sql`update channel_accounts set error_count = error_count + 1, last_error = ${error}
             where tenant_id = ${tenantId} and id = ${accountId}`;
}
