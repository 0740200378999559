// A local Telegram Bot API that answers sendMessage, getFile and file
// downloads the way api.telegram.org does, so senders, the worker and the
// media proxy are tested over real HTTP.
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
  /**
   * Serves `bytes` as the file `fileId` (getFile, then /file/bot<token>/<path>).
   * `fileSize` overrides the size getFile reports, to fake a file over the limit.
   * Returns the file_path getFile answers with.
   */
  addFile(
    fileId: string,
    bytes: Uint8Array,
    mimeType?: string,
    options?: { fileSize?: number; filePath?: string },
  ): string;
};

type StoredFile = { bytes: Uint8Array; mimeType: string; fileSize: number; filePath: string };

const botUser = { id: 7_000_000_001, is_bot: true, first_name: 'Relay Test Bot', username: 'relay_test_bot' };

function telegramError(code: number, description: string): StandInResponse {
  return { status: code, body: { ok: false, error_code: code, description } };
}

export async function startTelegramStandIn(options: TelegramStandInOptions = {}): Promise<TelegramStandIn> {
  const lastMessageId = new Map<number, number>();
  const refused = new Map<string, string>();
  const files = new Map<string, StoredFile>();

  const getFile = (fileId: unknown): StandInResponse => {
    const file = typeof fileId === 'string' ? files.get(fileId) : undefined;
    if (!file) return telegramError(400, 'Bad Request: invalid file_id');
    return {
      status: 200,
      body: {
        ok: true,
        result: { file_id: fileId, file_unique_id: `${fileId}-u`, file_size: file.fileSize, file_path: file.filePath },
      },
    };
  };

  const download = (filePath: string): StandInResponse => {
    const file = [...files.values()].find((stored) => stored.filePath === filePath);
    if (!file) return telegramError(404, 'Not Found');
    return { status: 200, body: file.bytes, headers: { 'content-type': file.mimeType } };
  };

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
    const url = new URL(request.path, 'http://stand-in');
    const file = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (file && request.method === 'GET') {
      if (options.botTokens && !options.botTokens.includes(file[1] ?? '')) return telegramError(401, 'Unauthorized');
      return download(decodeURIComponent(file[2] ?? ''));
    }
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(url.pathname);
    if (!match) return telegramError(404, 'Not Found');
    const [, token, method] = match;
    if (options.botTokens && !options.botTokens.includes(token ?? '')) return telegramError(401, 'Unauthorized');
    // The Bot API takes GET with a query string as well as POST.
    if (method === 'getFile') {
      const fromBody = (request.body as { file_id?: unknown } | null)?.file_id;
      return getFile(url.searchParams.get('file_id') ?? fromBody);
    }
    if (request.method !== 'POST') return telegramError(404, 'Not Found');
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
    addFile(fileId, bytes, mimeType = 'application/octet-stream', fileOptions = {}) {
      const filePath = fileOptions.filePath ?? `documents/file_${files.size}${extensionOf(mimeType)}`;
      files.set(fileId, { bytes, mimeType, fileSize: fileOptions.fileSize ?? bytes.byteLength, filePath });
      return filePath;
    },
  };
}

function extensionOf(mimeType: string): string {
  const known: Record<string, string> = {
    'image/jpeg': '.jpg',
    'image/png': '.png',
    'audio/ogg': '.oga',
    'video/mp4': '.mp4',
    'application/pdf': '.pdf',
  };
  return known[mimeType] ?? '';
}
