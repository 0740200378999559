// A local WhatsApp Cloud API that answers `POST /<phone-number-id>/messages`
// the way graph.facebook.com does, under a version prefix like the real one.
import { randomBytes } from 'node:crypto';
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
};

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
  const answer = (request: RecordedRequest): StandInResponse => {
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

  const { origin, ...server } = await startStandInServer(answer);
  return { ...server, baseUrl: `${origin}/${apiVersion}` };
}
