// The subset of the Telegram Bot API `Update` object (https://core.telegram.org/bots/api#update)
// that Relay reads. Objects are loose: Telegram adds fields in every Bot API
// release, and an unknown field must never turn a real message into a 400.
import { z } from 'zod';

// Unix seconds, bounded so `new Date(s * 1000)` is always a valid date.
const unixSeconds = z.int().min(0).max(253_402_300_799);
const fileSize = z.int().min(0).optional();

export const telegramUser = z.looseObject({
  id: z.int(),
  is_bot: z.boolean(),
  first_name: z.string(),
  last_name: z.string().optional(),
  username: z.string().optional(),
  language_code: z.string().optional(),
});
export type TelegramUser = z.infer<typeof telegramUser>;

export const telegramChat = z.looseObject({
  id: z.int(),
  // 'private' | 'group' | 'supergroup' | 'channel'; a string so a new kind still parses.
  type: z.string(),
  title: z.string().optional(),
  username: z.string().optional(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
});
export type TelegramChat = z.infer<typeof telegramChat>;

export const telegramPhotoSize = z.looseObject({
  file_id: z.string().min(1),
  file_unique_id: z.string(),
  width: z.int().min(0),
  height: z.int().min(0),
  file_size: fileSize,
});
export type TelegramPhotoSize = z.infer<typeof telegramPhotoSize>;

export const telegramDocument = z.looseObject({
  file_id: z.string().min(1),
  file_unique_id: z.string().optional(),
  file_name: z.string().optional(),
  mime_type: z.string().optional(),
  file_size: fileSize,
});

export const telegramVoice = z.looseObject({
  file_id: z.string().min(1),
  file_unique_id: z.string().optional(),
  duration: z.int().min(0),
  mime_type: z.string().optional(),
  file_size: fileSize,
});

export const telegramAudio = z.looseObject({
  file_id: z.string().min(1),
  file_unique_id: z.string().optional(),
  duration: z.int().min(0),
  performer: z.string().optional(),
  title: z.string().optional(),
  file_name: z.string().optional(),
  mime_type: z.string().optional(),
  file_size: fileSize,
});

export const telegramVideo = z.looseObject({
  file_id: z.string().min(1),
  file_unique_id: z.string().optional(),
  width: z.int().min(0),
  height: z.int().min(0),
  duration: z.int().min(0),
  file_name: z.string().optional(),
  mime_type: z.string().optional(),
  file_size: fileSize,
});

// A round video message: `length` is both its width and height.
export const telegramVideoNote = z.looseObject({
  file_id: z.string().min(1),
  file_unique_id: z.string().optional(),
  length: z.int().min(0),
  duration: z.int().min(0),
  file_size: fileSize,
});

export const telegramSticker = z.looseObject({
  file_id: z.string().min(1),
  file_unique_id: z.string().optional(),
  width: z.int().min(0),
  height: z.int().min(0),
  emoji: z.string().optional(),
  file_size: fileSize,
});

export const telegramLocation = z.looseObject({
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
});

export const telegramVenue = z.looseObject({
  location: telegramLocation,
  title: z.string(),
  address: z.string(),
});

export const telegramContact = z.looseObject({
  phone_number: z.string(),
  first_name: z.string(),
  last_name: z.string().optional(),
  user_id: z.int().optional(),
});

export const telegramMessage = z.looseObject({
  message_id: z.int(),
  date: unixSeconds,
  edit_date: unixSeconds.optional(),
  chat: telegramChat,
  from: telegramUser.optional(),
  text: z.string().optional(),
  caption: z.string().optional(),
  media_group_id: z.string().optional(),
  photo: z.array(telegramPhotoSize).min(1).optional(),
  document: telegramDocument.optional(),
  voice: telegramVoice.optional(),
  audio: telegramAudio.optional(),
  video: telegramVideo.optional(),
  video_note: telegramVideoNote.optional(),
  sticker: telegramSticker.optional(),
  location: telegramLocation.optional(),
  venue: telegramVenue.optional(),
  contact: telegramContact.optional(),
  // Only the id: the quoted message is already stored (or was never ours).
  reply_to_message: z.looseObject({ message_id: z.int() }).optional(),
});
export type TelegramMessage = z.infer<typeof telegramMessage>;

export const telegramUpdate = z.looseObject({
  update_id: z.int(),
  message: telegramMessage.optional(),
  edited_message: telegramMessage.optional(),
});
export type TelegramUpdate = z.infer<typeof telegramUpdate>;
