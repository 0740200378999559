// Writing an internal note beside a conversation. @mentions must name active
// operators of the workspace; the note reaches them even when the
// conversation's queue is not theirs (note.created's audience includes them).
import { activeOperatorIds, type ConversationRow, insertNote, type NoteRow, recordAudit, type Tx } from '@relay/db';
import { conversationAudience } from '@relay/realtime';
import type { Emit } from './emit.ts';
import { InboxError } from './inbox-error.ts';

export type AddNoteInput = {
  tenantId: string;
  /** Already read, and found visible to the author, by the caller. */
  conversation: Pick<ConversationRow, 'id' | 'queueId' | 'assignedOperatorId'>;
  author: { operatorId: string; ip: string | null };
  content: string;
  isPinned: boolean;
  mentions: string[];
};

export async function addNote(tx: Tx, emit: Emit, input: AddNoteInput): Promise<NoteRow> {
  const { tenantId, conversation, author } = input;
  const mentions = await activeOperatorIds(tx, tenantId, input.mentions);
  if (mentions.length !== new Set(input.mentions).size) {
    throw new InboxError('unprocessable', 'a mentioned operator does not exist or is deactivated');
  }
  const note = await insertNote(tx, tenantId, {
    conversationId: conversation.id,
    operatorId: author.operatorId,
    content: input.content,
    isPinned: input.isPinned,
    mentions,
  });
  await recordAudit(tx, tenantId, {
    operatorId: author.operatorId,
    ip: author.ip,
    action: 'note.create',
    targetType: 'conversation',
    targetId: conversation.id,
    details: { mentions },
  });
  await emit({
    type: 'note.created',
    conversationId: conversation.id,
    audience: conversationAudience(conversation, mentions),
    payload: { conversationId: conversation.id, note, mentions },
  });
  return note;
}
