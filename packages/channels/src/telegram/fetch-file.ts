// Downloads a file a Telegram user sent, by its file_id: the Bot API's getFile
// gives a file_path (valid for an hour), then the bytes come from
// <base>/file/bot<token>/<file_path>. Bots may download files up to 20 MB.
import { z } from 'zod';
import {
  MAX_MEDIA_BYTES,
  MediaFetchError,
  type MediaRequestOptions,
  mediaFromResponse,
  mediaGet,
  type ProviderMedia,
  readJson,
  tooLarge,
  withMediaSession,
} from '../media-download.ts';

export type FetchTelegramFileOptions = MediaRequestOptions & {
  /** https://api.telegram.org in production; a stand-in in tests. */
  baseUrl: string;
  botToken: string;
  fileId: string;
};

const found = z.looseObject({
  ok: z.literal(true),
  result: z.looseObject({ file_path: z.string().min(1).optional(), file_size: z.number().int().min(0).optional() }),
});

const failed = z.looseObject({ ok: z.literal(false), description: z.string().optional() });

export async function fetchTelegramFile(options: FetchTelegramFileOptions): Promise<ProviderMedia> {
  const maxBytes = options.maxBytes ?? MAX_MEDIA_BYTES;
  const base = options.baseUrl.replace(/\/+$/, '');
  return withMediaSession(options, async (session) => {
    const lookup = await mediaGet(
      session,
      'Telegram',
      `${base}/bot${options.botToken}/getFile?file_id=${encodeURIComponent(options.fileId)}`,
    );
    const body = await readJson(session, 'Telegram', lookup);
    const ok = found.safeParse(body);
    if (!lookup.ok || !ok.success) {
      const description = failed.safeParse(body).data?.description;
      throw new MediaFetchError({
        message: `Telegram: ${description ?? `unexpected answer to getFile (HTTP ${lookup.status})`}`,
        // Telegram refuses getFile for anything over its bots' limit.
        tooLarge: /file is too big/i.test(description ?? ''),
        status: lookup.status,
      });
    }
    const { file_path: filePath, file_size: size } = ok.data.result;
    if (size !== undefined && size > maxBytes) throw tooLarge('Telegram', size, maxBytes);
    if (!filePath) throw new MediaFetchError({ message: 'Telegram: the file is not available for download' });
    const path = filePath.split('/').map(encodeURIComponent).join('/');
    const file = await mediaGet(session, 'Telegram', `${base}/file/bot${options.botToken}/${path}`);
    return mediaFromResponse(session, 'Telegram', file, maxBytes, filePath.split('/').pop() || null);
  });
}
