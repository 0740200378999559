// Fetching a file a provider holds (Telegram's file_id, WhatsApp's media id)
// so the API can stream it to an operator: one error type, one size limit,
// one deadline for reaching the bytes, and a body that stops at the limit
// even when the provider did not say how big the file is. Every request goes
// through the egress policy: the provider's base URL is the deployment's
// (trusted), but a URL the provider hands back (WhatsApp's media url) and
// every redirect are judged like any other.
import { type Egress, EgressError, type EgressResponse, readText } from '@relay/egress';

export const MAX_MEDIA_BYTES = 20 * 1024 * 1024;
export const MEDIA_TIMEOUT_MS = 15_000;
/** getFile and the media lookup answer a few hundred bytes of JSON. */
const MAX_LOOKUP_BYTES = 64 * 1024;
/** CDNs redirect file downloads; each hop is judged by the policy. */
const MEDIA_REDIRECTS = 3;

export type MediaRequestOptions = {
  egress: Egress;
  /** Until the file's response headers arrive (lookup included); the body then streams at the reader's pace. */
  timeoutMs?: number;
  /** Aborts everything, the streaming body too (the operator went away). */
  signal?: AbortSignal;
  maxBytes?: number;
};

export type ProviderMedia = {
  /** The bytes; whoever receives this must read it to the end or cancel it. */
  body: ReadableStream<Uint8Array>;
  /** The provider's own type; null when it said nothing better than application/octet-stream. */
  contentType: string | null;
  contentLength: number | null;
  /** The name the provider gives the file (the last part of Telegram's file_path), when it gives one. */
  filename: string | null;
};

export type MediaFetchErrorInit = {
  /** In the provider's words; shown to the operator, so never a token or a URL that holds one. */
  message: string;
  tooLarge?: boolean;
  /** The provider's HTTP status, or null when no answer came. */
  status?: number | null;
  /** The size the provider reported, when the file was refused for it. */
  size?: number | null;
  cause?: unknown;
};

export class MediaFetchError extends Error {
  override readonly name = 'MediaFetchError';
  readonly tooLarge: boolean;
  readonly status: number | null;
  readonly size: number | null;

  constructor(init: MediaFetchErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.tooLarge = init.tooLarge ?? false;
    this.status = init.status ?? null;
    this.size = init.size ?? null;
  }
}

/** The deadline and cancellation one download shares across its provider calls. */
export type MediaSession = {
  egress: Egress;
  signal: AbortSignal;
  /** Called once the file's headers are in: the body is not bound by the deadline. */
  stopDeadline(): void;
  reason(error: unknown): string;
};

/** Runs one download's provider calls in a session; however it ends, the deadline's timer goes with it. */
export async function withMediaSession<T>(
  options: MediaRequestOptions,
  download: (session: MediaSession) => Promise<T>,
): Promise<T> {
  const session = mediaSession(options);
  try {
    return await download(session);
  } finally {
    session.stopDeadline();
  }
}

function mediaSession(options: MediaRequestOptions): MediaSession {
  const timeoutMs = options.timeoutMs ?? MEDIA_TIMEOUT_MS;
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), timeoutMs);
  const signal = options.signal ? AbortSignal.any([deadline.signal, options.signal]) : deadline.signal;
  return {
    egress: options.egress,
    signal,
    stopDeadline: () => clearTimeout(timer),
    reason(error) {
      clearTimeout(timer);
      if (deadline.signal.aborted) return `no answer within ${timeoutMs} ms`;
      if (options.signal?.aborted) return 'the download was cancelled';
      // Relay's own fixed words (a refusal, too many redirects, a connection error code).
      if (error instanceof EgressError) return error.message;
      const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
      return typeof cause?.code === 'string' ? cause.code : 'network error';
    },
  };
}

/** A GET whose failure before any answer becomes a MediaFetchError naming only the provider. */
export async function mediaGet(
  session: MediaSession,
  provider: string,
  url: string,
  headers: Record<string, string> = {},
): Promise<EgressResponse> {
  try {
    return await session.egress.fetch(url, { headers, signal: session.signal, maxRedirects: MEDIA_REDIRECTS });
  } catch (error) {
    throw new MediaFetchError({ message: `${provider}: ${session.reason(error)}`, cause: error });
  }
}

export async function readJson(session: MediaSession, provider: string, response: EgressResponse): Promise<unknown> {
  let text: string;
  try {
    text = await readText(response, MAX_LOOKUP_BYTES);
  } catch (error) {
    throw new MediaFetchError({ message: `${provider}: ${session.reason(error)}`, status: response.status });
  }
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

export function tooLarge(provider: string, size: number, maxBytes: number): MediaFetchError {
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return new MediaFetchError({
    message: `${provider}: the file is ${mb(size)}, over the ${mb(maxBytes)} Relay downloads`,
    tooLarge: true,
    size,
  });
}

const GENERIC_TYPES = new Set(['application/octet-stream', 'binary/octet-stream', 'application/binary']);

/** The file's response turned into ProviderMedia: refused when it failed or says it is too large. */
export async function mediaFromResponse(
  session: MediaSession,
  provider: string,
  response: EgressResponse,
  maxBytes: number,
  filename: string | null,
): Promise<ProviderMedia> {
  session.stopDeadline();
  if (!response.ok || !response.body) {
    await response.body?.cancel().catch(() => {});
    throw new MediaFetchError({
      message: `${provider}: the file download answered HTTP ${response.status}`,
      status: response.status,
    });
  }
  const declared = Number(response.headers.get('content-length'));
  const contentLength =
    Number.isFinite(declared) && declared >= 0 && response.headers.has('content-length') ? declared : null;
  if (contentLength !== null && contentLength > maxBytes) {
    await response.body.cancel().catch(() => {});
    throw tooLarge(provider, contentLength, maxBytes);
  }
  const type = response.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
  return {
    // undici's web stream is Node's, which the DOM typings (in workspaces that load them) name differently.
    body: (response.body as ReadableStream<Uint8Array>).pipeThrough(limitBytes(provider, maxBytes)),
    contentType: type && !GENERIC_TYPES.has(type) ? (response.headers.get('content-type') as string) : null,
    contentLength,
    filename,
  };
}

/** Passes bytes through until more than maxBytes went by, then fails the stream. */
function limitBytes(provider: string, maxBytes: number): TransformStream<Uint8Array, Uint8Array> {
  let seen = 0;
  return new TransformStream({
    transform(chunk, controller) {
      seen += chunk.byteLength;
      if (seen > maxBytes) controller.error(tooLarge(provider, seen, maxBytes));
      else controller.enqueue(chunk);
    },
  });
}
