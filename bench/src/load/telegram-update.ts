// A Telegram Bot API Update carrying one text message, as Telegram posts it to a webhook.
import type { TelegramUpdate } from '@relay/contracts/webhooks';

export function telegramTextUpdate(chatId: number, messageId: number, text: string): TelegramUpdate {
  const from = { id: chatId, is_bot: false, first_name: 'Bench', last_name: `Client ${chatId}` };
  return {
    update_id: messageId,
    message: {
      message_id: messageId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chatId, type: 'private', first_name: from.first_name, last_name: from.last_name },
      from,
      text,
    },
  };
}

/** The marker in every bench message's text: which phase, which message. */
export function markerText(phase: string, n: number): string {
  return `bench ${phase} ${n}`;
}

const MARKER = /^bench (\S+) (\d+)$/;

export function parseMarker(text: unknown): { phase: string; n: number } | null {
  if (typeof text !== 'string') return null;
  const match = MARKER.exec(text);
  return match ? { phase: match[1] as string, n: Number(match[2]) } : null;
}
