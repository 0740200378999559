// Owns message attachments: storing an inbound message's files, listing a
// thread's, and reading one with what it takes to fetch its file from the
// provider: the channel account that received the message (its file ids are
// that bot's or number's own) and the account's sealed credentials.
import type { AttachmentType } from '@relay/contracts';
import type { Queryable, Tx } from '../create-db.ts';

export type AttachmentSource = {
  id: string;
  messageId: string;
  type: string;
  url: string | null;
  /** The provider's handle: a Telegram file_id, a WhatsApp media id. */
  platformUrl: string | null;
  mimeType: string | null;
  filename: string | null;
  size: number | null;
  account: { id: string; channel: string; externalAccountId: string; credentials: string | null };
};

/** The attachment when it belongs to that message of that conversation; undefined otherwise. */
export async function getAttachmentSource(
  tx: Queryable,
  tenantId: string,
  ids: { conversationId: string; messageId: string; attachmentId: string },
): Promise<AttachmentSource | undefined> {
  const [row] = await tx<(Omit<AttachmentSource, 'account'> & Record<string, unknown>)[]>`
    select a.id, a.message_id, a.type, a.url, a.platform_url, a.mime_type, a.filename, a.size,
           ca.id as account_id, ca.channel as account_channel,
           ca.external_account_id as account_external_id, ca.credentials as account_credentials
      from message_attachments a
      join messages m on m.tenant_id = a.tenant_id and m.id = a.message_id
      join channel_accounts ca on ca.tenant_id = m.tenant_id and ca.id = m.channel_account_id
     where a.tenant_id = ${tenantId} and a.id = ${ids.attachmentId}
       and m.id = ${ids.messageId} and m.conversation_id = ${ids.conversationId}`;
  if (!row) return undefined;
  const { accountId, accountChannel, accountExternalId, accountCredentials, ...attachment } = row;
  return {
    ...attachment,
    account: {
      id: accountId as string,
      channel: accountChannel as string,
      externalAccountId: accountExternalId as string,
      credentials: accountCredentials as string | null,
    },
  };
}

/** A message_attachments row (`select *`; size is a bigint, read as a number): what was inserted, and its keys. */
export type MessageAttachmentRow = Omit<NewMessageAttachment, 'type'> & {
  tenantId: string;
  id: string;
  messageId: string;
  type: AttachmentType;
  thumbnailUrl: string | null;
  createdAt: Date;
};

export type NewMessageAttachment = {
  type: string;
  url: string | null;
  platformUrl: string | null;
  mimeType: string | null;
  filename: string | null;
  size: number | null;
  width: number | null;
  height: number | null;
  /** Seconds. */
  duration: number | null;
};

export async function insertMessageAttachment(
  tx: Tx,
  tenantId: string,
  messageId: string,
  a: NewMessageAttachment,
): Promise<MessageAttachmentRow> {
  const [row] = await tx<MessageAttachmentRow[]>`
    insert into message_attachments (tenant_id, message_id, type, url, platform_url, mime_type, filename, size,
                                     width, height, duration)
    values (${tenantId}, ${messageId}, ${a.type}, ${a.url}, ${a.platformUrl}, ${a.mimeType}, ${a.filename},
            ${a.size}, ${a.width}, ${a.height}, ${a.duration})
    returning *`;
  return row as MessageAttachmentRow;
}

/** The attachments of these messages (a thread page), oldest first. */
export async function listMessageAttachments(
  tx: Queryable,
  tenantId: string,
  messageIds: string[],
): Promise<MessageAttachmentRow[]> {
  if (messageIds.length === 0) return [];
  return tx<MessageAttachmentRow[]>`
    select * from message_attachments where tenant_id = ${tenantId} and message_id = any(${messageIds})
     order by created_at, id`;
}
