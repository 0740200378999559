// The headers an attachment's bytes leave with: the most specific type anyone
// gave (the provider, the webhook, the file's extension), a filename that
// survives any characters, and inline only for media a browser shows safely.
import type { ProviderMedia } from '@relay/channels';
import type { AttachmentSource } from '@relay/db';

const BY_EXTENSION: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  oga: 'audio/ogg',
  ogg: 'audio/ogg',
  opus: 'audio/ogg',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  mp4: 'video/mp4',
  webm: 'video/webm',
  mov: 'video/quicktime',
  pdf: 'application/pdf',
  txt: 'text/plain',
  zip: 'application/zip',
};

const EXTENSION_OF: Record<string, string> = {
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'image/webp': '.webp',
  'audio/ogg': '.ogg',
  'audio/mpeg': '.mp3',
  'video/mp4': '.mp4',
  'application/pdf': '.pdf',
};

function typeOfName(name: string | null): string | null {
  const extension = name?.match(/\.([a-z0-9]{1,5})$/i)?.[1]?.toLowerCase();
  return extension ? (BY_EXTENSION[extension] ?? null) : null;
}

/** A type the browser may render in place; svg can carry script, so it is a download. */
function showsInline(contentType: string): boolean {
  return /^(image|audio|video)\//i.test(contentType) && !/svg/i.test(contentType);
}

function quotedAscii(name: string): string {
  return name.replace(/[^\x20-\x7e]|["\\]/g, '_');
}

/** RFC 5987 ext-value: encodeURIComponent leaves ' ( ) * as they are. */
function extValue(name: string): string {
  return `UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

export function attachmentHeaders(source: AttachmentSource, media: ProviderMedia): Record<string, string> {
  const contentType =
    media.contentType ??
    source.mimeType ??
    typeOfName(media.filename) ??
    typeOfName(source.filename) ??
    'application/octet-stream';
  const bare = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  const filename =
    source.filename ?? media.filename ?? `${source.type}-${source.id.slice(0, 8)}${EXTENSION_OF[bare] ?? ''}`;
  const disposition = showsInline(contentType) ? 'inline' : 'attachment';
  return {
    'content-type': contentType,
    ...(media.contentLength === null ? {} : { 'content-length': String(media.contentLength) }),
    'cache-control': 'private, max-age=3600',
    'content-disposition': `${disposition}; filename="${quotedAscii(filename)}"; filename*=${extValue(filename)}`,
    'x-content-type-options': 'nosniff',
  };
}
