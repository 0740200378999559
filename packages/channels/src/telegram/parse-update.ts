// Turns a Telegram Bot API Update into Relay's inbound events: a new message,
// an edit, or nothing (callback queries, membership changes, service messages).
import type { MessageType } from '@relay/contracts';
import { type TelegramMessage, type TelegramPhotoSize, telegramUpdate } from '@relay/contracts/webhooks';
import { attachment, type InboundAttachment, type InboundEvent, type InboundSender } from '../types.ts';
import { parsePayload } from '../webhook-errors.ts';
import { telegramExternalId } from './external-id.ts';

// Content Relay cannot show yet but that a person did send: stored as a
// placeholder so the operator knows something arrived.
const unsupportedContent = ['poll', 'dice', 'game', 'story', 'paid_media', 'invoice'] as const;

type Content = {
  type: MessageType;
  attachments: InboundAttachment[];
  text: string | null;
  metadata: Record<string, unknown>;
};

function fullName(first: string | undefined, last: string | undefined): string | null {
  const name = [first, last].filter(Boolean).join(' ');
  return name || null;
}

function senderOf(message: TelegramMessage): InboundSender {
  const { from, chat } = message;
  // Posts in channels, and anonymous group admins, carry no `from`: the chat speaks.
  if (!from) {
    return {
      externalId: String(chat.id),
      displayName: chat.title ?? fullName(chat.first_name, chat.last_name),
      username: chat.username ?? null,
      phone: null,
    };
  }
  // A contact a person shares about themselves (the "share my phone" button) is their number.
  const ownPhone = message.contact?.user_id === from.id ? message.contact.phone_number : null;
  return {
    externalId: String(from.id),
    displayName: fullName(from.first_name, from.last_name),
    username: from.username ?? null,
    phone: ownPhone,
  };
}

function largest(sizes: TelegramPhotoSize[]): TelegramPhotoSize | undefined {
  return sizes.reduce<TelegramPhotoSize | undefined>(
    (best, size) => (!best || size.width * size.height > best.width * best.height ? size : best),
    undefined,
  );
}

/** What a message holds, or null for a service message with nothing a person wrote. */
function contentOf(message: TelegramMessage): Content | null {
  const text = message.text ?? message.caption ?? null;
  const media = (type: MessageType, item: InboundAttachment): Content => ({
    type,
    attachments: [item],
    text,
    metadata: {},
  });
  const photo = message.photo && largest(message.photo);
  if (photo) {
    return media(
      'image',
      attachment('image', {
        platformUrl: photo.file_id,
        size: photo.file_size ?? null,
        width: photo.width,
        height: photo.height,
      }),
    );
  }
  const { video, video_note: note, voice, audio, document, sticker } = message;
  if (video) {
    return media(
      'video',
      attachment('video', {
        platformUrl: video.file_id,
        mimeType: video.mime_type ?? null,
        filename: video.file_name ?? null,
        size: video.file_size ?? null,
        width: video.width,
        height: video.height,
        duration: video.duration,
      }),
    );
  }
  if (note) {
    const fields = { platformUrl: note.file_id, size: note.file_size ?? null, duration: note.duration };
    return media('video', attachment('video', { ...fields, width: note.length, height: note.length }));
  }
  if (voice) {
    return media(
      'audio',
      attachment('audio', {
        platformUrl: voice.file_id,
        mimeType: voice.mime_type ?? null,
        size: voice.file_size ?? null,
        duration: voice.duration,
      }),
    );
  }
  if (audio) {
    return media(
      'audio',
      attachment('audio', {
        platformUrl: audio.file_id,
        mimeType: audio.mime_type ?? null,
        filename: audio.file_name ?? null,
        size: audio.file_size ?? null,
        duration: audio.duration,
      }),
    );
  }
  if (sticker) {
    const item = attachment('sticker', {
      platformUrl: sticker.file_id,
      size: sticker.file_size ?? null,
      width: sticker.width,
      height: sticker.height,
    });
    return { ...media('sticker', item), metadata: sticker.emoji ? { emoji: sticker.emoji } : {} };
  }
  // A GIF (`animation`) also comes with `document` filled in, and is kept as one.
  if (document) {
    return media(
      'document',
      attachment('document', {
        platformUrl: document.file_id,
        mimeType: document.mime_type ?? null,
        filename: document.file_name ?? null,
        size: document.file_size ?? null,
      }),
    );
  }
  const location = message.venue?.location ?? message.location;
  if (location) {
    const { latitude, longitude } = location;
    const venue = message.venue ? { name: message.venue.title, address: message.venue.address } : {};
    const place = message.venue ? `${message.venue.title}, ${message.venue.address} ` : '';
    return {
      type: 'location',
      attachments: [],
      text: `Location: ${place}(${latitude}, ${longitude})`,
      metadata: { location: { latitude, longitude, ...venue } },
    };
  }
  if (message.contact) {
    const { phone_number: phone, first_name: firstName, last_name: lastName, user_id: userId } = message.contact;
    const name = fullName(firstName, lastName);
    return {
      type: 'contact',
      attachments: [],
      text: `Contact: ${name ? `${name}, ` : ''}${phone}`,
      metadata: { contact: { phone, firstName, lastName: lastName ?? null, userId: userId ?? null } },
    };
  }
  const unsupported = unsupportedContent.find((key) => key in message);
  if (unsupported) {
    return { type: 'text', attachments: [], text: `[${unsupported}]`, metadata: { unsupported } };
  }
  if (text !== null) return { type: 'text', attachments: [], text, metadata: {} };
  return null;
}

/** Parses an Update; throws WebhookPayloadError when it is not one. */
export function parseTelegramUpdate(body: unknown): InboundEvent[] {
  const update = parsePayload(telegramUpdate, body, 'Telegram update');
  const edited = update.edited_message;
  if (edited) {
    const content = contentOf(edited);
    return [
      {
        kind: 'edit',
        externalChatId: String(edited.chat.id),
        externalMessageId: telegramExternalId(edited.chat.id, edited.message_id),
        text: content?.text ?? null,
        editedAt: new Date((edited.edit_date ?? edited.date) * 1000),
      },
    ];
  }
  const message = update.message;
  const content = message && contentOf(message);
  if (!message || !content) return [];
  const metadata = message.media_group_id
    ? { ...content.metadata, mediaGroupId: message.media_group_id }
    : content.metadata;
  return [
    {
      kind: 'message',
      externalChatId: String(message.chat.id),
      externalMessageId: telegramExternalId(message.chat.id, message.message_id),
      sender: senderOf(message),
      type: content.type,
      text: content.text,
      attachments: content.attachments,
      replyToExternalId: message.reply_to_message
        ? telegramExternalId(message.chat.id, message.reply_to_message.message_id)
        : null,
      sentAt: new Date(message.date * 1000),
      metadata,
    },
  ];
}
