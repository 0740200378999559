// Downloads a file a WhatsApp user sent, by its media id: the Cloud API's
// GET /<media-id> answers {url, mime_type, file_size} (the url lives for five
// minutes), and the bytes come from that url with the same bearer token.
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

export type FetchWhatsAppMediaOptions = MediaRequestOptions & {
  /** https://graph.facebook.com/v<version> in production; a stand-in in tests. */
  baseUrl: string;
  accessToken: string;
  mediaId: string;
};

const found = z.looseObject({
  url: z.url({ protocol: /^https?$/ }),
  mime_type: z.string().optional(),
  file_size: z.coerce.number().int().min(0).optional(),
});

const failed = z.looseObject({ error: z.looseObject({ message: z.string().optional(), code: z.int().optional() }) });

export async function fetchWhatsAppMedia(options: FetchWhatsAppMediaOptions): Promise<ProviderMedia> {
  const maxBytes = options.maxBytes ?? MAX_MEDIA_BYTES;
  const auth = { authorization: `Bearer ${options.accessToken}` };
  return withMediaSession(options, async (session) => {
    const lookup = await mediaGet(
      session,
      'WhatsApp',
      `${options.baseUrl.replace(/\/+$/, '')}/${encodeURIComponent(options.mediaId)}`,
      auth,
    );
    const body = await readJson(session, 'WhatsApp', lookup);
    const ok = found.safeParse(body);
    if (!lookup.ok || !ok.success) {
      const error = failed.safeParse(body).data?.error;
      const reason = error?.message
        ? `${error.message}${error.code === undefined ? '' : ` (code ${error.code})`}`
        : `unexpected answer to the media lookup (HTTP ${lookup.status})`;
      throw new MediaFetchError({ message: `WhatsApp: ${reason}`, status: lookup.status });
    }
    const { url, mime_type: mimeType, file_size: size } = ok.data;
    if (size !== undefined && size > maxBytes) throw tooLarge('WhatsApp', size, maxBytes);
    const file = await mediaGet(session, 'WhatsApp', url, auth);
    const media = await mediaFromResponse(session, 'WhatsApp', file, maxBytes, null);
    return { ...media, contentType: media.contentType ?? mimeType ?? null };
  });
}
