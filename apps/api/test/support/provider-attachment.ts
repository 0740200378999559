// A client's file that only its provider holds, as the webhooks store one: a
// channel account with sealed credentials, an inbound message through it in a
// conversation, and an attachment carrying the provider's handle.
import { sealSecret } from '@relay/security';
import { type Api, config } from './api-harness.ts';

export type ProviderAttachment = {
  channel: 'telegram' | 'whatsapp';
  credentials: Record<string, string>;
  /** The Telegram file_id or WhatsApp media id. */
  handle: string;
  type?: string;
  mimeType?: string | null;
  filename?: string | null;
  size?: number | null;
};

export async function addProviderAttachment(
  api: Api,
  tenantId: string,
  conversationId: string,
  file: ProviderAttachment,
) {
  const [account] = await api.sql<{ id: string }[]>`
    insert into channel_accounts (tenant_id, channel, name, external_account_id, webhook_token, credentials)
    values (${tenantId}, ${file.channel}, 'Media bot', ${`media-${file.handle}`}, ${`media-${tenantId}-${file.handle}`},
            ${sealSecret(config.encryptionKey, JSON.stringify(file.credentials))})
    returning id`;
  const type = file.type ?? 'image';
  const [message] = await api.sql<{ id: string }[]>`
    insert into messages (tenant_id, conversation_id, channel_account_id, direction, actor_type, type, content,
                          external_message_id, status)
    values (${tenantId}, ${conversationId}, ${account?.id as string}, 'inbound', 'client', ${type}, null,
            ${`media:${file.handle}`}, 'delivered')
    returning id`;
  const messageId = message?.id as string;
  const [attachment] = await api.sql<{ id: string }[]>`
    insert into message_attachments (tenant_id, message_id, type, platform_url, mime_type, filename, size)
    values (${tenantId}, ${messageId}, ${type}, ${file.handle}, ${file.mimeType ?? null}, ${file.filename ?? null},
            ${file.size ?? null})
    returning id`;
  const attachmentId = attachment?.id as string;
  const path = `/api/v1/conversations/${conversationId}/messages/${messageId}/attachments/${attachmentId}/content`;
  return { messageId, attachmentId, path };
}
