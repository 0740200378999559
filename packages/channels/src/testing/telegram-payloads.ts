// Telegram Update bodies in the Bot API's own format, for tests that POST
// them to the webhook route or feed them to the parser.
import type { TelegramUpdate, TelegramUser } from '@relay/contracts/webhooks';

type Sender = Partial<Pick<TelegramUser, 'id' | 'first_name' | 'last_name' | 'username'>>;

type MessageBase = {
  /** A private chat's id is the person's user id. */
  chatId: number;
  messageId: number;
  from?: Sender;
  updateId?: number;
  /** Unix seconds; defaults to now. */
  date?: number;
};

function envelope(base: MessageBase, content: Record<string, unknown>): TelegramUpdate {
  const from = { id: base.chatId, is_bot: false, first_name: 'Test', ...base.from };
  return {
    update_id: base.updateId ?? base.messageId,
    message: {
      message_id: base.messageId,
      date: base.date ?? Math.floor(Date.now() / 1000),
      chat: {
        id: base.chatId,
        type: 'private',
        first_name: from.first_name,
        ...(from.last_name ? { last_name: from.last_name } : {}),
        ...(from.username ? { username: from.username } : {}),
      },
      from,
      ...content,
    },
  };
}

export function telegramTextUpdate(options: MessageBase & { text: string }): TelegramUpdate {
  return envelope(options, { text: options.text });
}

/** A photo as Telegram sends it: several sizes, the largest last, its file_id `fileId`. */
export function telegramPhotoUpdate(options: MessageBase & { fileId?: string; caption?: string }): TelegramUpdate {
  const fileId = options.fileId ?? `photo-${options.chatId}-${options.messageId}`;
  const photo = [
    { file_id: `${fileId}-s`, file_unique_id: `${fileId}-us`, width: 90, height: 67, file_size: 1_204 },
    { file_id: `${fileId}-m`, file_unique_id: `${fileId}-um`, width: 320, height: 240, file_size: 15_872 },
    { file_id: fileId, file_unique_id: `${fileId}-u`, width: 1280, height: 960, file_size: 131_072 },
  ];
  return envelope(options, { photo, ...(options.caption === undefined ? {} : { caption: options.caption }) });
}

/** A file sent as a document, its file_id `fileId`. */
export function telegramDocumentUpdate(
  options: MessageBase & { fileName: string; mimeType?: string; fileSize?: number; fileId?: string; caption?: string },
): TelegramUpdate {
  const fileId = options.fileId ?? `doc-${options.chatId}-${options.messageId}`;
  const document = {
    file_id: fileId,
    file_unique_id: `${fileId}-u`,
    file_name: options.fileName,
    ...(options.mimeType === undefined ? {} : { mime_type: options.mimeType }),
    ...(options.fileSize === undefined ? {} : { file_size: options.fileSize }),
  };
  return envelope(options, { document, ...(options.caption === undefined ? {} : { caption: options.caption }) });
}

/** A shared location (the paperclip's Location), or a venue when `venue` is given. */
export function telegramLocationUpdate(
  options: MessageBase & { latitude: number; longitude: number; venue?: { title: string; address: string } },
): TelegramUpdate {
  const location = { latitude: options.latitude, longitude: options.longitude };
  return envelope(options, { location, ...(options.venue ? { venue: { location, ...options.venue } } : {}) });
}
