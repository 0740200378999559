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
  attachments: { id: string; fileName?: string | null; mimeType?: string | null }[];
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
