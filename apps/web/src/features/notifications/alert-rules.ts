// When a new message deserves a desktop notification or a sound: a client's
// message that arrived after this page loaded (a catch-up replay of older
// events is not news), in a conversation that is mine or nobody's, and not
// the one I am reading right now. Pure functions of the event and the page's
// state, so the rules are unit-tested apart from the browser APIs.
import type { EventMessage, RelayEnvelope } from '@relay/contracts';

/** The fields of message.created's `data.message` the alert reads. */
export type AlertMessage = Pick<EventMessage, 'id' | 'conversationId' | 'direction' | 'actorType' | 'type' | 'content'>;

export type AlertView = {
  myId: string;
  /** The conversation on screen (`?c=`), if any. */
  openConversationId: string | null;
  /** document.visibilityState === 'visible'. */
  tabVisible: boolean;
};

/** The client's message an event announces, when it is new since `loadedAt` (epoch ms); else null. */
export function freshClientMessage(envelope: RelayEnvelope, loadedAt: number): AlertMessage | null {
  // The realtime client parsed the envelope (relayEnvelope): the type narrows data to message.created's.
  if (envelope.type !== 'message.created') return null;
  const { message } = envelope.data;
  if (message.direction !== 'inbound' || message.actorType !== 'client') return null;
  const at = Date.parse(envelope.at);
  if (!Number.isFinite(at) || at < loadedAt) return null;
  return message;
}

/** With the conversation known: alert unless it is someone else's, or open in a visible tab. */
export function shouldAlert(
  message: Pick<AlertMessage, 'conversationId'>,
  conversation: { assignedOperatorId: string | null },
  view: AlertView,
): boolean {
  if (conversation.assignedOperatorId !== null && conversation.assignedOperatorId !== view.myId) return false;
  return !(view.tabVisible && view.openConversationId === message.conversationId);
}

const TYPE_WORDS: Record<string, string> = {
  image: 'Photo',
  video: 'Video',
  audio: 'Voice message',
  document: 'File',
  sticker: 'Sticker',
  location: 'Location',
  contact: 'Contact',
};

const PREVIEW_LENGTH = 140;

/** The notification's body: the text, shortened, or what kind of message it is. */
export function alertPreview(message: Pick<AlertMessage, 'type' | 'content'>): string {
  const text = message.content?.replace(/\s+/g, ' ').trim();
  if (text) return text.length > PREVIEW_LENGTH ? `${text.slice(0, PREVIEW_LENGTH - 1)}…` : text;
  return TYPE_WORDS[message.type] ?? 'New message';
}
