// Which new messages get a desktop notification or a sound: a client's, new
// since the page loaded, in a conversation that is mine or nobody's, unless
// it is the one open in a visible tab.
import { relayEnvelope } from '@relay/contracts';
import { describe, expect, it } from 'vitest';
import { alertPreview, freshClientMessage, shouldAlert } from '../src/features/notifications/alert-rules.ts';

const TENANT = '00000000-0000-4000-8000-000000000001';
const CONVERSATION = '00000000-0000-4000-8000-0000000000c1';
const loadedAt = Date.parse('2025-03-01T10:00:00Z');
const message = {
  tenantId: TENANT,
  id: '00000000-0000-4000-8000-0000000000a1',
  conversationId: CONVERSATION,
  channelAccountId: '00000000-0000-4000-8000-0000000000b1',
  direction: 'inbound',
  actorType: 'client',
  actorId: null,
  type: 'text',
  content: 'Hello',
  externalMessageId: null,
  clientMessageId: null,
  status: 'delivered',
  error: null,
  replyToId: null,
  metadata: {},
  createdAt: '2025-03-01T10:00:05.000Z',
  updatedAt: '2025-03-01T10:00:05.000Z',
  attachments: [],
};
/** An envelope as the realtime client hands it over: parsed with the one event schema. */
const envelope = (type: string, at: string, data: Record<string, unknown>) =>
  relayEnvelope.parse({ seq: 1, type, tenantId: TENANT, at, data });
const created = (at: string, data: Record<string, unknown> = { conversationId: CONVERSATION, message }) =>
  envelope('message.created', at, data);

describe('alert rules', () => {
  it('takes a client message that arrived after the page loaded', () => {
    expect(freshClientMessage(created('2025-03-01T10:00:05Z'), loadedAt)).toEqual(message);
  });

  it('ignores replays from before the page loaded, replies and other events', () => {
    expect(freshClientMessage(created('2025-03-01T09:59:59Z'), loadedAt)).toBeNull();
    const reply = { ...message, direction: 'outbound', actorType: 'operator' };
    const replied = created('2025-03-01T10:00:05Z', { conversationId: CONVERSATION, message: reply });
    expect(freshClientMessage(replied, loadedAt)).toBeNull();
    const updated = envelope('message.updated', '2025-03-01T10:00:05Z', {
      conversationId: CONVERSATION,
      messageId: message.id,
      status: 'read',
    });
    expect(freshClientMessage(updated, loadedAt)).toBeNull();
  });

  it('has no message to take from a message.created without one: the schema refuses it first', () => {
    expect(() => created('2025-03-01T10:00:05Z', { conversationId: CONVERSATION })).toThrow();
  });

  it('alerts for my conversations and unassigned ones, not for a colleague’s', () => {
    const view = { myId: 'me', openConversationId: null, tabVisible: true };
    expect(shouldAlert(message, { assignedOperatorId: null }, view)).toBe(true);
    expect(shouldAlert(message, { assignedOperatorId: 'me' }, view)).toBe(true);
    expect(shouldAlert(message, { assignedOperatorId: 'bob' }, view)).toBe(false);
  });

  it('stays quiet for the conversation on screen, unless the tab is hidden', () => {
    const open = { myId: 'me', openConversationId: CONVERSATION, tabVisible: true };
    expect(shouldAlert(message, { assignedOperatorId: 'me' }, open)).toBe(false);
    expect(shouldAlert(message, { assignedOperatorId: 'me' }, { ...open, tabVisible: false })).toBe(true);
    expect(shouldAlert(message, { assignedOperatorId: 'me' }, { ...open, openConversationId: 'c2' })).toBe(true);
  });

  it('previews the text, shortened, or says what kind of message it is', () => {
    expect(alertPreview({ type: 'text', content: '  Where   is\nmy order? ' })).toBe('Where is my order?');
    expect(alertPreview({ type: 'text', content: 'x'.repeat(300) })).toHaveLength(140);
    expect(alertPreview({ type: 'image', content: null })).toBe('Photo');
    expect(alertPreview({ type: 'poll', content: '' })).toBe('New message');
  });
});
