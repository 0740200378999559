// What a push says. Only the recipient's own workspace data, short, and never
// internal ids or errors: a lock screen is a public place.
import type { EventRow, PushConversation } from '@relay/db';
import { loggedEvent } from '@relay/realtime';

const BODY_MAX = 180;

function clip(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > BODY_MAX ? `${flat.slice(0, BODY_MAX - 1)}…` : flat;
}

const MEDIA_LABEL: Record<string, string> = {
  image: 'Photo',
  video: 'Video',
  audio: 'Voice message',
  document: 'Document',
  location: 'Location',
  sticker: 'Sticker',
  contact: 'Contact',
};

function minutesFromNow(iso: string | undefined, now: Date): number | null {
  if (iso === undefined) return null;
  const due = Date.parse(iso);
  return Number.isNaN(due) ? null : Math.max(0, Math.round((due - now.getTime()) / 60_000));
}

export function pushText(
  row: Pick<EventRow, 'type' | 'payload'>,
  conversation: PushConversation,
  context: { noteAuthor: string | null; now: Date },
): { title: string; body: string } {
  const who = conversation.clientName ?? 'a customer';
  const event = loggedEvent(row);
  switch (event?.type) {
    case 'message.created': {
      const message = event.payload.message;
      const text = message?.content ? clip(message.content) : (MEDIA_LABEL[message?.type ?? ''] ?? 'New message');
      return { title: conversation.clientName ?? 'New message', body: text };
    }
    case 'conversation.assigned':
      return { title: 'Assigned to you', body: `Conversation with ${who}` };
    case 'note.created': {
      const note = event.payload.note;
      return {
        title: `${context.noteAuthor ?? 'A colleague'} mentioned you`,
        body: note?.content ? clip(note.content) : `In the conversation with ${who}`,
      };
    }
    case 'sla.warning': {
      const what = event.payload.kind === 'resolution' ? 'Resolution' : 'First response';
      const minutes = minutesFromNow(event.payload.dueAt, context.now);
      const when = minutes === null ? 'soon' : minutes === 0 ? 'in under a minute' : `in ${minutes} min`;
      return { title: `SLA warning: ${who}`, body: `${what} due ${when}` };
    }
    case 'sla.breached': {
      const what = event.payload.kind === 'resolution' ? 'Resolution' : 'First response';
      return { title: `SLA breached: ${who}`, body: `${what} is overdue` };
    }
    default:
      return { title: 'Relay', body: `Update in the conversation with ${who}` };
  }
}
