// A local Telegram Bot API that answers sendMessage the way api.telegram.org
// does, so senders and the worker are tested over real HTTP.
import {
  type RecordedRequest,
  type StandInResponse,
  type StandInServer,
  startStandInServer,
} from './stand-in-server.ts';

export type TelegramStandInOptions = {
  /** When given, any other bot token is answered 401 Unauthorized. */
  botTokens?: string[];
};

export type TelegramStandIn = Omit<StandInServer, 'origin'> & {
  /** Pass as the sender's baseUrl. */
  baseUrl: string;
  /**
   * Refuse every sendMessage to this chat with a 400 and this description
   * (a permanent failure, e.g. "Bad Request: chat not found"); null accepts
   * the chat again. Unlike failNext, other chats' sends are untouched.
   */
  refuseChat(chatId: number | string, description: string | null): void;
};

const botUser = { id: 7_000_000_001, is_bot: true, first_name: 'Relay Test Bot', username: 'relay_test_bot' };

function telegramError(code: number, description: string): StandInResponse {
  return { status: code, body: { ok: false, error_code: code, description } };
}

export async function startTelegramStandIn(options: TelegramStandInOptions = {}): Promise<TelegramStandIn> {
  const lastMessageId = new Map<number, number>();
  const refused = new Map<string, string>();

  const sendMessage = (body: Record<string, unknown>): StandInResponse => {
    const chatId =
      typeof body.chat_id === 'string' && /^-?\d+$/.test(body.chat_id) ? Number(body.chat_id) : body.chat_id;
    if (typeof chatId !== 'number' || !Number.isSafeInteger(chatId)) {
      return telegramError(400, 'Bad Request: chat not found');
    }
    const refusal = refused.get(String(chatId));
    if (refusal) return telegramError(400, refusal);
    if (typeof body.text !== 'string' || body.text.trim() === '') {
      return telegramError(400, 'Bad Request: message text is empty');
    }
    if (body.text.length > 4096) return telegramError(400, 'Bad Request: message is too long');
    const messageId = (lastMessageId.get(chatId) ?? 0) + 1;
    lastMessageId.set(chatId, messageId);
    const date = Math.floor(Date.now() / 1000);
    const chat = { id: chatId, type: chatId > 0 ? 'private' : 'supergroup' };
    const replyTo = (body.reply_parameters as { message_id?: unknown } | undefined)?.message_id;
    const result = {
      message_id: messageId,
      from: botUser,
      chat,
      date,
      text: body.text,
      ...(typeof replyTo === 'number' ? { reply_to_message: { message_id: replyTo, chat, date } } : {}),
    };
    return { status: 200, body: { ok: true, result } };
  };

  const answer = (request: RecordedRequest): StandInResponse => {
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(request.path);
    if (!match || request.method !== 'POST') return telegramError(404, 'Not Found');
    const [, token, method] = match;
    if (options.botTokens && !options.botTokens.includes(token ?? '')) return telegramError(401, 'Unauthorized');
    if (typeof request.body !== 'object' || request.body === null) {
      return telegramError(400, 'Bad Request: invalid JSON body');
    }
    if (method !== 'sendMessage') return telegramError(404, 'Not Found: method not found');
    return sendMessage(request.body as Record<string, unknown>);
  };

  const { origin, ...server } = await startStandInServer(answer);
  return {
    ...server,
    baseUrl: origin,
    refuseChat(chatId, description) {
      if (description === null) refused.delete(String(chatId));
      else refused.set(String(chatId), description);
    },
  };
}
