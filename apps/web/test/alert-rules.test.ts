// Which new messages get a desktop notification or a sound: a client's, new
// since the page loaded, in a conversation that is mine or nobody's, unless
// it is the one open in a visible tab.
import { describe, expect, it } from 'vitest';
import { alertPreview, freshClientMessage, shouldAlert } from '../src/features/notifications/alert-rules.ts';

const loadedAt = Date.parse('2025-03-01T10:00:00Z');
const message = {
  id: 'm1',
  conversationId: 'c1',
  direction: 'inbound',
  actorType: 'client',
  type: 'text',
  content: 'Hello',
};
const created = (at: string, data: Record<string, unknown> = { message }) => ({ type: 'message.created', at, data });

describe('alert rules', () => {
  it('takes a client message that arrived after the page loaded', () => {
    expect(freshClientMessage(created('2025-03-01T10:00:05Z'), loadedAt)).toEqual(message);
  });

  it('ignores replays from before the page loaded, replies, other events and id-only payloads', () => {
    expect(freshClientMessage(created('2025-03-01T09:59:59Z'), loadedAt)).toBeNull();
    const reply = { ...message, direction: 'outbound', actorType: 'operator' };
    expect(freshClientMessage(created('2025-03-01T10:00:05Z', { message: reply }), loadedAt)).toBeNull();
    expect(freshClientMessage({ ...created('2025-03-01T10:00:05Z'), type: 'message.updated' }, loadedAt)).toBeNull();
    expect(freshClientMessage(created('2025-03-01T10:00:05Z', { conversationId: 'c1' }), loadedAt)).toBeNull();
  });

  it('alerts for my conversations and unassigned ones, not for a colleague’s', () => {
    const view = { myId: 'me', openConversationId: null, tabVisible: true };
    expect(shouldAlert(message, { assignedOperatorId: null }, view)).toBe(true);
    expect(shouldAlert(message, { assignedOperatorId: 'me' }, view)).toBe(true);
    expect(shouldAlert(message, { assignedOperatorId: 'bob' }, view)).toBe(false);
  });

  it('stays quiet for the conversation on screen, unless the tab is hidden', () => {
    const open = { myId: 'me', openConversationId: 'c1', tabVisible: true };
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
