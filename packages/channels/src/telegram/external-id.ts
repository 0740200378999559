// Telegram numbers messages per chat, so the id Relay stores for a Telegram
// message is "<chat_id>:<message_id>", unique per bot.
export function telegramExternalId(chatId: number | string, messageId: number | string): string {
  return `${chatId}:${messageId}`;
}

/** The parts of a stored id, e.g. to send a reply with reply_parameters.message_id; null if not one. */
export function parseTelegramExternalId(externalId: string): { chatId: string; messageId: number } | null {
  const match = /^(-?\d+):(\d+)$/.exec(externalId);
  if (!match?.[1] || !match[2]) return null;
  return { chatId: match[1], messageId: Number(match[2]) };
}
