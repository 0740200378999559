import { describe, expect, it } from 'vitest';
import { type InboundAttachment, parseTelegramUpdate, WebhookPayloadError } from '../src/index.ts';
import { telegramPhotoUpdate, telegramTextUpdate } from '../src/testing/index.ts';

const date = 1_718_000_000;
const sentAt = new Date(date * 1000);
const from = { id: 111, is_bot: false, first_name: 'Anna', last_name: 'Lee', username: 'annalee', language_code: 'en' };
const chat = { id: 111, type: 'private', first_name: 'Anna', last_name: 'Lee', username: 'annalee' };
const sender = { externalId: '111', displayName: 'Anna Lee', username: 'annalee', phone: null };

function update(message: Record<string, unknown>) {
  return { update_id: 900_001, message: { message_id: 42, date, chat, from, ...message } };
}

function none(fields: Partial<InboundAttachment>): InboundAttachment {
  return {
    type: 'document',
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

const base = {
  kind: 'message',
  externalChatId: '111',
  externalMessageId: '111:42',
  sender,
  replyToExternalId: null,
  sentAt,
  metadata: {},
} as const;

describe('parseTelegramUpdate', () => {
  it('maps a text message, with the chat in the message id', () => {
    expect(parseTelegramUpdate(update({ text: 'Hello', entities: [], brand_new_field: { x: 1 } }))).toEqual([
      { ...base, type: 'text', text: 'Hello', attachments: [] },
    ]);
  });

  it('keeps the message a reply answers, in the same chat', () => {
    const [event] = parseTelegramUpdate(update({ text: 'yes', reply_to_message: { message_id: 40, date, chat } }));
    expect(event).toMatchObject({ replyToExternalId: '111:40' });
  });

  it('takes the largest photo size, and its caption as text', () => {
    const body = telegramPhotoUpdate({ chatId: 111, messageId: 42, fileId: 'AgAD-big', caption: 'look', date });
    expect(parseTelegramUpdate(body)).toEqual([
      {
        ...base,
        sender: { externalId: '111', displayName: 'Test', username: null, phone: null },
        type: 'image',
        text: 'look',
        attachments: [none({ type: 'image', platformUrl: 'AgAD-big', size: 131_072, width: 1280, height: 960 })],
      },
    ]);
  });

  it('maps a document', () => {
    const document = {
      file_id: 'BQACAgIAAxkBAAI',
      file_unique_id: 'AgADYQ',
      file_name: 'invoice.pdf',
      mime_type: 'application/pdf',
      file_size: 52_133,
    };
    expect(parseTelegramUpdate(update({ document }))).toEqual([
      {
        ...base,
        type: 'document',
        text: null,
        attachments: [
          none({ platformUrl: 'BQACAgIAAxkBAAI', mimeType: 'application/pdf', filename: 'invoice.pdf', size: 52_133 }),
        ],
      },
    ]);
  });

  it('maps a voice note to audio', () => {
    const voice = {
      file_id: 'AwACAgIAAxkB',
      file_unique_id: 'AgADZQ',
      duration: 7,
      mime_type: 'audio/ogg',
      file_size: 9_876,
    };
    expect(parseTelegramUpdate(update({ voice }))).toEqual([
      {
        ...base,
        type: 'audio',
        text: null,
        attachments: [
          none({ type: 'audio', platformUrl: 'AwACAgIAAxkB', mimeType: 'audio/ogg', size: 9_876, duration: 7 }),
        ],
      },
    ]);
  });

  it('maps a video with its caption, and a round video note', () => {
    const video = {
      file_id: 'BAACAgIAAxkB',
      file_unique_id: 'AgADaA',
      width: 1920,
      height: 1080,
      duration: 12,
      mime_type: 'video/mp4',
      file_size: 2_000_000,
    };
    expect(parseTelegramUpdate(update({ video, caption: 'our office' }))).toEqual([
      {
        ...base,
        type: 'video',
        text: 'our office',
        attachments: [
          none({
            type: 'video',
            platformUrl: 'BAACAgIAAxkB',
            mimeType: 'video/mp4',
            size: 2_000_000,
            width: 1920,
            height: 1080,
            duration: 12,
          }),
        ],
      },
    ]);
    const videoNote = { file_id: 'DQACAgIAAxkB', file_unique_id: 'AgADaQ', length: 240, duration: 5 };
    expect(parseTelegramUpdate(update({ video_note: videoNote }))[0]).toMatchObject({
      type: 'video',
      attachments: [none({ type: 'video', platformUrl: 'DQACAgIAAxkB', width: 240, height: 240, duration: 5 })],
    });
  });

  it('maps a sticker, keeping its emoji out of the text', () => {
    const sticker = {
      file_id: 'CAACAgIAAxkB',
      file_unique_id: 'AgADbA',
      type: 'regular',
      width: 512,
      height: 512,
      is_animated: false,
      is_video: false,
      emoji: '👍',
    };
    expect(parseTelegramUpdate(update({ sticker }))).toEqual([
      {
        ...base,
        type: 'sticker',
        text: null,
        attachments: [none({ type: 'sticker', platformUrl: 'CAACAgIAAxkB', width: 512, height: 512 })],
        metadata: { emoji: '👍' },
      },
    ]);
  });

  it('maps a location to a readable text with the coordinates in metadata', () => {
    expect(parseTelegramUpdate(update({ location: { latitude: 55.7558, longitude: 37.6173 } }))).toEqual([
      {
        ...base,
        type: 'location',
        text: 'Location: (55.7558, 37.6173)',
        attachments: [],
        metadata: { location: { latitude: 55.7558, longitude: 37.6173 } },
      },
    ]);
  });

  it('maps a venue with its name and address', () => {
    const location = { latitude: 59.9398, longitude: 30.3146 };
    const venue = { location, title: 'Hermitage', address: 'Palace Square 2' };
    expect(parseTelegramUpdate(update({ location, venue }))[0]).toMatchObject({
      type: 'location',
      text: 'Location: Hermitage, Palace Square 2 (59.9398, 30.3146)',
      metadata: { location: { ...location, name: 'Hermitage', address: 'Palace Square 2' } },
    });
  });

  it('maps a shared contact; sharing your own contact gives the sender a phone', () => {
    const other = { phone_number: '+15550001111', first_name: 'Bob', last_name: 'Stone', user_id: 222 };
    expect(parseTelegramUpdate(update({ contact: other }))).toEqual([
      {
        ...base,
        type: 'contact',
        text: 'Contact: Bob Stone, +15550001111',
        attachments: [],
        metadata: { contact: { phone: '+15550001111', firstName: 'Bob', lastName: 'Stone', userId: 222 } },
      },
    ]);
    const own = { phone_number: '79001234567', first_name: 'Anna', user_id: 111 };
    expect(parseTelegramUpdate(update({ contact: own }))[0]).toMatchObject({
      sender: { ...sender, phone: '79001234567' },
      text: 'Contact: Anna, 79001234567',
    });
  });

  it('turns edited_message into an edit at edit_date', () => {
    const body = {
      update_id: 900_002,
      edited_message: { message_id: 42, date, edit_date: date + 60, chat, from, text: 'Hello, fixed' },
    };
    expect(parseTelegramUpdate(body)).toEqual([
      {
        kind: 'edit',
        externalChatId: '111',
        externalMessageId: '111:42',
        text: 'Hello, fixed',
        editedAt: new Date((date + 60) * 1000),
      },
    ]);
  });

  it('speaks for the chat when there is no from (a channel post forwarded into a group)', () => {
    const group = { id: -1_001_234_567_890, type: 'supergroup', title: 'Support' };
    const body = { update_id: 3, message: { message_id: 7, date, chat: group, text: 'hi' } };
    expect(parseTelegramUpdate(body)[0]).toMatchObject({
      externalChatId: '-1001234567890',
      externalMessageId: '-1001234567890:7',
      sender: { externalId: '-1001234567890', displayName: 'Support', username: null, phone: null },
    });
  });

  it('acknowledges updates that are not messages, and service messages, with no events', () => {
    const callbackQuery = {
      update_id: 5,
      callback_query: { id: '4382bfdwdsb323b2d9', from, chat_instance: '-123', data: 'ok' },
    };
    const myChatMember = {
      update_id: 6,
      my_chat_member: { chat, from, date, old_chat_member: {}, new_chat_member: {} },
    };
    expect(parseTelegramUpdate(callbackQuery)).toEqual([]);
    expect(parseTelegramUpdate(myChatMember)).toEqual([]);
    expect(parseTelegramUpdate(update({ new_chat_members: [from] }))).toEqual([]);
  });

  it('keeps content it cannot show as a placeholder', () => {
    expect(parseTelegramUpdate(update({ dice: { emoji: '🎲', value: 4 } }))[0]).toMatchObject({
      type: 'text',
      text: '[dice]',
      metadata: { unsupported: 'dice' },
    });
  });

  it('builds test updates in the Bot API format', () => {
    const [event] = parseTelegramUpdate(
      telegramTextUpdate({ chatId: 5, messageId: 9, text: 'x', from: { username: 'u' } }),
    );
    expect(event).toMatchObject({ externalMessageId: '5:9', text: 'x', sender: { externalId: '5', username: 'u' } });
  });

  it('refuses what is not an Update with the schema issues', () => {
    for (const body of [null, 'text', [], {}, { update_id: 'x' }, update({ chat: undefined, text: 'x' })]) {
      expect(() => parseTelegramUpdate(body)).toThrow(WebhookPayloadError);
    }
    try {
      parseTelegramUpdate({ update_id: 1, message: { message_id: 1, chat, text: 'no date' } });
      expect.unreachable();
    } catch (error) {
      expect((error as WebhookPayloadError).issues).toContainEqual(
        expect.objectContaining({ path: ['message', 'date'], code: 'invalid_type' }),
      );
    }
  });
});
