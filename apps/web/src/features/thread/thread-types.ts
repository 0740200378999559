// The shapes of a thread as the API answers (GET /conversations/:id/messages
// and /notes) and events carry them (message.created, note.created).
// @relay/contracts has request schemas only; these list the fields the UI reads.
import type { MessageStatus } from '@relay/contracts';

export type Message = {
  id: string;
  conversationId: string;
  direction: 'inbound' | 'outbound';
  actorType: 'client' | 'operator' | 'bot' | 'system';
  actorId: string | null;
  type: string;
  content: string | null;
  clientMessageId: string | null;
  status: MessageStatus;
  error: string | null;
  createdAt: string;
  /** Location and contact messages keep their details here (see @relay/channels parsers). */
  metadata?: Record<string, unknown>;
  attachments: Attachment[];
};

/**
 * A message_attachments row. `url` is fetchable as is (the api channel sends
 * one); `platformUrl` is only the provider's handle (a Telegram file_id, a
 * WhatsApp media id), which the browser cannot use: the API's content route
 * fetches the file by it (attachment-queries.ts).
 */
export type Attachment = {
  id: string;
  type: 'image' | 'video' | 'audio' | 'document' | 'sticker' | 'location' | 'contact' | 'file';
  url?: string | null;
  platformUrl?: string | null;
  mimeType?: string | null;
  filename?: string | null;
  size?: number | null;
  width?: number | null;
  height?: number | null;
  duration?: number | null;
  thumbnailUrl?: string | null;
};

export type MessagePage = { items: Message[]; nextCursor: string | null };

export type Note = {
  id: string;
  conversationId: string;
  operatorId: string | null;
  content: string;
  isPinned: boolean;
  createdAt: string;
};
