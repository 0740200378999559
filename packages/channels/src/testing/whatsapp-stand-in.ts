// A local WhatsApp Cloud API that answers `POST /<phone-number-id>/messages`
// and the media lookup `GET /<media-id>` the way graph.facebook.com does,
// under a version prefix like the real one, and serves the media's bytes from
// a download URL of its own (Meta's is on lookaside.fbsbx.com).
import { createHash, randomBytes } from 'node:crypto';
import {
  type RecordedRequest,
  type StandInResponse,
  type StandInServer,
  startStandInServer,
} from './stand-in-server.ts';

export type WhatsAppStandInOptions = {
  /** When given, any other Bearer token is answered 401 (Graph error 190). */
  accessToken?: string;
  /** When given, any other phone number id is answered 400 (Graph error 100). */
  phoneNumberIds?: string[];
};

export type WhatsAppStandIn = Omit<StandInServer, 'origin'> & {
  /** Pass as the sender's baseUrl; it ends in the API version, as the real one does. */
  baseUrl: string;
  /** Serves `bytes` as media `mediaId`; `fileSize` overrides the size the lookup reports. */
  addMedia(mediaId: string, bytes: Uint8Array, mimeType: string, options?: { fileSize?: number }): void;
};

type StoredMedia = { bytes: Uint8Array; mimeType: string; fileSize: number };

const apiVersion = 'v21.0';

function graphError(status: number, code: number, message: string, type = 'OAuthException'): StandInResponse {
  const fbtraceId = randomBytes(8).toString('base64url');
  return { status, body: { error: { message, type, code, fbtrace_id: fbtraceId } } };
}

function isTextMessage(body: Record<string, unknown>): body is { to: string; text: { body: string } } {
  const text = body.text as { body?: unknown } | undefined;
  return (
    body.messaging_product === 'whatsapp' &&
    typeof body.to === 'string' &&
    body.to !== '' &&
    body.type === 'text' &&
    typeof text?.body === 'string' &&
    text.body !== ''
  );
}

export async function startWhatsAppStandIn(options: WhatsAppStandInOptions = {}): Promise<WhatsAppStandIn> {
  const media = new Map<string, StoredMedia>();
  let origin = '';

  const authorized = (request: RecordedRequest) =>
    !options.accessToken || request.headers.authorization === `Bearer ${options.accessToken}`;

  const lookup = (mediaId: string): StandInResponse => {
    const item = media.get(mediaId);
    if (!item) {
      return graphError(
        400,
        100,
        `Unsupported get request. Object with ID '${mediaId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
        'GraphMethodException',
      );
    }
    const download = `${origin}/whatsapp_business/attachments/?mid=${encodeURIComponent(mediaId)}`;
    return {
      status: 200,
      body: {
        messaging_product: 'whatsapp',
        url: download,
        mime_type: item.mimeType,
        sha256: createHash('sha256').update(item.bytes).digest('hex'),
        file_size: item.fileSize,
        id: mediaId,
      },
    };
  };

  const answer = (request: RecordedRequest): StandInResponse => {
    const url = new URL(request.path, 'http://stand-in');
    if (request.method === 'GET' && url.pathname === '/whatsapp_business/attachments/') {
      // Meta answers a download without the token with an error page, not the file.
      if (!authorized(request)) return graphError(401, 190, 'Invalid OAuth access token');
      const item = media.get(url.searchParams.get('mid') ?? '');
      if (!item) return { status: 404, body: 'Not Found', headers: { 'content-type': 'text/html' } };
      return { status: 200, body: item.bytes, headers: { 'content-type': item.mimeType } };
    }
    const get = new RegExp(`^/${apiVersion}/([^/]+)$`).exec(url.pathname);
    if (get && request.method === 'GET') {
      if (!authorized(request)) return graphError(401, 190, 'Invalid OAuth access token - Cannot parse access token');
      return lookup(decodeURIComponent(get[1] ?? ''));
    }
    const match = new RegExp(`^/${apiVersion}/([^/]+)/messages$`).exec(request.path);
    if (!match || request.method !== 'POST')
      return graphError(400, 100, 'Unsupported post request.', 'GraphMethodException');
    if (options.accessToken && request.headers.authorization !== `Bearer ${options.accessToken}`) {
      return graphError(401, 190, 'Invalid OAuth access token - Cannot parse access token');
    }
    const phoneNumberId = decodeURIComponent(match[1] ?? '');
    if (options.phoneNumberIds && !options.phoneNumberIds.includes(phoneNumberId)) {
      return graphError(400, 100, `Unsupported post request. Object with ID '${phoneNumberId}' does not exist`);
    }
    const body = typeof request.body === 'object' && request.body !== null ? request.body : {};
    if (!isTextMessage(body as Record<string, unknown>)) return graphError(400, 100, '(#100) Invalid parameter');
    const { to } = body as { to: string };
    const id = `wamid.${randomBytes(24).toString('base64url')}`;
    return {
      status: 200,
      body: {
        messaging_product: 'whatsapp',
        contacts: [{ input: to, wa_id: to.replace(/\D/g, '') }],
        messages: [{ id }],
      },
    };
  };

  const { origin: started, ...server } = await startStandInServer(answer);
  origin = started;
  return {
    ...server,
    baseUrl: `${origin}/${apiVersion}`,
    addMedia(mediaId, bytes, mimeType, mediaOptions = {}) {
      media.set(mediaId, { bytes, mimeType, fileSize: mediaOptions.fileSize ?? bytes.byteLength });
    },
  };
}
