// The provider-neutral shape every inbound parser produces and the API's
// ingest code consumes: one event per message, edit or delivery status.
import type { AttachmentType, MessageType } from '@relay/contracts';

export type InboundAttachment = {
  type: AttachmentType;
  /** A URL Relay can fetch as is (the api channel sends these). */
  url: string | null;
  /** The provider's own handle (Telegram file_id, WhatsApp media id), resolved later through its API. */
  platformUrl: string | null;
  mimeType: string | null;
  filename: string | null;
  size: number | null;
  width: number | null;
  height: number | null;
  /** Seconds. */
  duration: number | null;
};

export type InboundSender = {
  externalId: string;
  displayName: string | null;
  username: string | null;
  phone: string | null;
};

export type InboundMessage = {
  kind: 'message';
  externalChatId: string;
  externalMessageId: string;
  sender: InboundSender;
  type: MessageType;
  text: string | null;
  attachments: InboundAttachment[];
  replyToExternalId: string | null;
  sentAt: Date;
  metadata: Record<string, unknown>;
};

export type InboundEdit = {
  kind: 'edit';
  externalChatId: string;
  externalMessageId: string;
  text: string | null;
  editedAt: Date;
};

export type DeliveryStatus = 'sent' | 'delivered' | 'read' | 'failed';

export type InboundStatus = {
  kind: 'status';
  /** The provider's id of one of our outbound messages. */
  externalMessageId: string;
  status: DeliveryStatus;
  at: Date;
  error: string | null;
};

export type InboundEvent = InboundMessage | InboundEdit | InboundStatus;

/** An attachment with every optional field empty, for parsers to fill in. */
export function attachment(type: AttachmentType, fields: Partial<Omit<InboundAttachment, 'type'>>): InboundAttachment {
  return {
    type,
    url: null,
    platformUrl: null,
    mimeType: null,
    filename: null,
    size: null,
    width: null,
    height: null,
    duration: null,
    ...fields,
  };
}
