// The conversation routes' rows as they answer them (the schemas in @relay/contracts
// http/conversations.ts): ISO timestamps, and no keyset cursor (that travels as nextCursor).
import type { Conversation, ConversationItem, Message, Note } from '@relay/contracts';
import type {
  ConversationRow,
  ConversationItem as ItemRow,
  MessageAttachmentRow,
  MessageRow,
  NoteRow,
} from '@relay/db';
import { wireDates } from '../../http/wire-dates.ts';

export function conversationItemDto({ cursorAt: _cursorAt, ...item }: ItemRow): ConversationItem {
  return wireDates(item);
}

/** A conversation that left the caller's sight: the row without its attributes, as events carry it. */
export function conversationDto({ attributes: _attributes, ...row }: ConversationRow): Conversation {
  return wireDates(row);
}

export function messageDto({ attachments, ...message }: MessageRow & { attachments: MessageAttachmentRow[] }): Message {
  return { ...wireDates(message), attachments: attachments.map(wireDates) };
}

export function noteDto(row: NoteRow): Note {
  return wireDates(row);
}
