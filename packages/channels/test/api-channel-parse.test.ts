import { describe, expect, it, vi } from 'vitest';
import { parseApiChannelWebhook, WebhookPayloadError } from '../src/index.ts';
import { apiChannelTextWebhook } from '../src/testing/index.ts';

describe('parseApiChannelWebhook', () => {
  it('maps messages and statuses', () => {
    const body = {
      messages: [
        {
          id: 'vk-100',
          chatId: 'vk-peer-5',
          sender: { id: 'vk-user-5', name: 'Ivan', username: 'ivan', phone: '+79001234567', email: 'ivan@example.com' },
          type: 'image',
          text: 'photo of the box',
          attachments: [
            {
              type: 'image',
              url: 'https://cdn.example.com/box.jpg',
              mimeType: 'image/jpeg',
              size: 2048,
              width: 640,
              height: 480,
            },
          ],
          sentAt: '2024-06-10T06:13:20.000Z',
          replyToId: 'vk-99',
          metadata: { source: 'vk', peer: 5 },
        },
      ],
      statuses: [
        { messageId: 'ext-1', status: 'delivered', at: '2024-06-10T06:13:21+03:00' },
        { messageId: 'ext-2', status: 'failed', error: 'user blocked the community', at: '2024-06-10T06:13:22Z' },
      ],
    };
    expect(parseApiChannelWebhook(body)).toEqual([
      {
        kind: 'message',
        externalChatId: 'vk-peer-5',
        externalMessageId: 'vk-100',
        sender: { externalId: 'vk-user-5', displayName: 'Ivan', username: 'ivan', phone: '+79001234567' },
        type: 'image',
        text: 'photo of the box',
        attachments: [
          {
            type: 'image',
            url: 'https://cdn.example.com/box.jpg',
            platformUrl: null,
            mimeType: 'image/jpeg',
            filename: null,
            size: 2048,
            width: 640,
            height: 480,
            duration: null,
          },
        ],
        replyToExternalId: 'vk-99',
        sentAt: new Date('2024-06-10T06:13:20.000Z'),
        metadata: { source: 'vk', peer: 5, senderEmail: 'ivan@example.com' },
      },
      {
        kind: 'status',
        externalMessageId: 'ext-1',
        status: 'delivered',
        at: new Date('2024-06-10T03:13:21Z'),
        error: null,
      },
      {
        kind: 'status',
        externalMessageId: 'ext-2',
        status: 'failed',
        at: new Date('2024-06-10T06:13:22Z'),
        error: 'user blocked the community',
      },
    ]);
  });

  it('defaults the type from the first attachment, and times to receipt', () => {
    vi.useFakeTimers({ now: new Date('2025-01-01T00:00:00Z') });
    try {
      const body = {
        messages: [
          {
            id: 'f1',
            chatId: 'form',
            sender: { id: 'visitor' },
            attachments: [{ type: 'file', url: 'https://x.test/a.zip' }],
          },
          { id: 'f2', chatId: 'form', sender: { id: 'visitor' }, text: 'hi' },
        ],
      };
      const [first, second] = parseApiChannelWebhook(body);
      expect(first).toMatchObject({ type: 'document', text: null, sentAt: new Date('2025-01-01T00:00:00Z') });
      expect(second).toMatchObject({
        type: 'text',
        text: 'hi',
        sender: { externalId: 'visitor', displayName: null, username: null, phone: null },
        metadata: {},
      });
    } finally {
      vi.useRealTimers();
    }
  });

  it('builds test bodies in its format', () => {
    const [event] = parseApiChannelWebhook(apiChannelTextWebhook({ id: 'm1', chatId: 'c1', text: 'hello' }));
    expect(event).toMatchObject({ externalMessageId: 'm1', externalChatId: 'c1', sender: { externalId: 'c1' } });
  });

  it('enforces the limits and shape', () => {
    const message = { id: 'm', chatId: 'c', sender: { id: 's' }, text: 'x' };
    const bad = [
      {},
      { messages: [], statuses: [] },
      { messages: [{ ...message, text: 'x'.repeat(20_001) }] },
      { messages: Array.from({ length: 101 }, (_, i) => ({ ...message, id: `m${i}` })) },
      { messages: [{ ...message, text: undefined }] },
      { messages: [{ ...message, id: '' }] },
      { messages: [{ ...message, type: 'poll' }] },
      { messages: [{ ...message, sentAt: 'yesterday' }] },
      { messages: [{ ...message, attachments: [{ type: 'image', url: 'javascript:alert(1)' }] }] },
      { statuses: [{ messageId: 'x', status: 'seen' }] },
    ];
    for (const body of bad)
      expect(() => parseApiChannelWebhook(body), JSON.stringify(body).slice(0, 80)).toThrow(WebhookPayloadError);
    expect(
      parseApiChannelWebhook({ messages: Array.from({ length: 100 }, (_, i) => ({ ...message, id: `m${i}` })) }),
    ).toHaveLength(100);
  });
});
