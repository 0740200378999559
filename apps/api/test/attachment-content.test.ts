import { randomUUID } from 'node:crypto';
import { startTelegramStandIn, startWhatsAppStandIn } from '@relay/channels/testing';
import { apiRoutes } from '@relay/contracts';
import { afterAll, describe, expect, it } from 'vitest';
import { config, refused, useApi } from './support/api-harness.ts';
import { demoStaff } from './support/demo-staff.ts';
import { addProviderAttachment, type ProviderAttachment } from './support/provider-attachment.ts';

const BOT = '4242:media-test-bot';
const WA_TOKEN = 'EAAG-media-test';
const telegram = await startTelegramStandIn({ botTokens: [BOT] });
const whatsApp = await startWhatsAppStandIn({ accessToken: WA_TOKEN });
afterAll(() => Promise.all([telegram.close(), whatsApp.close()]));

const api = useApi({
  config: { ...config, providers: { telegramBaseUrl: telegram.baseUrl, whatsappBaseUrl: whatsApp.baseUrl } },
});

// A 1×1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** A demo tenant's staff and one of its open conversations, with a client's file in it. */
async function fileInThread(file: Partial<ProviderAttachment> & { handle: string }) {
  const staff = await demoStaff(api);
  const [conversation] = await api.sql<{ id: string }[]>`
    select id from conversations where tenant_id = ${staff.tenantId} and status <> 'resolved' order by id limit 1`;
  const conversationId = conversation?.id as string;
  const channel = file.channel ?? 'telegram';
  const credentials = file.credentials ?? (channel === 'telegram' ? { botToken: BOT } : { accessToken: WA_TOKEN });
  const added = await addProviderAttachment(api, staff.tenantId, conversationId, { ...file, channel, credentials });
  return { ...staff, conversationId, ...added };
}

async function download(path: string, token: string) {
  const res = await fetch(`${api.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { res, bytes: Buffer.from(await res.arrayBuffer()) };
}

// Refusals and plain downloads go through the typed client (a Blob); the header checks above read the raw answer.
const { downloadAttachment } = apiRoutes.conversations;
type FileRef = { conversationId: string; messageId: string; attachmentId: string };
const fetchAs = (token: string, { conversationId, messageId, attachmentId }: FileRef) =>
  api.client(token).call(downloadAttachment, { params: { id: conversationId, messageId, attachmentId } });
const bytesOf = async (blob: Blob) => Buffer.from(await blob.arrayBuffer());

describe('an attachment’s content, fetched from its provider', () => {
  it('streams a Telegram photo with its type, length and caching headers', async () => {
    const handle = `photo-${randomUUID()}`;
    telegram.addFile(handle, PNG, 'image/png', { filePath: `photos/${handle}.png` });
    const { alice, path } = await fileInThread({ handle, type: 'image', size: PNG.length });

    const { res, bytes } = await download(path, alice.token);
    expect(res.status).toBe(200);
    expect(bytes.equals(PNG)).toBe(true);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('content-length')).toBe(String(PNG.length));
    expect(res.headers.get('cache-control')).toBe('private, max-age=3600');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-disposition')).toBe(
      `inline; filename="${handle}.png"; filename*=UTF-8''${handle}.png`,
    );
  });

  it('sends a document as a download under its own name, typed from the webhook when Telegram says octet-stream', async () => {
    const handle = `doc-${randomUUID()}`;
    const pdf = Buffer.from('%PDF-1.4\n%\u00e2\u00e3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1');
    telegram.addFile(handle, pdf);
    const { bob, path } = await fileInThread({
      handle,
      type: 'document',
      mimeType: 'application/pdf',
      filename: 'счёт "1042".pdf',
    });

    const { res, bytes } = await download(path, bob.token);
    expect(res.status).toBe(200);
    expect(bytes.equals(pdf)).toBe(true);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="____ _1042_.pdf"; filename*=UTF-8''${encodeURIComponent('счёт "1042".pdf')}`,
    );
  });

  it('streams a WhatsApp voice note through the media lookup and download', async () => {
    const handle = `${Date.now()}${Math.floor(Math.random() * 1e6)}`;
    const voice = Buffer.from('OggS\u0000\u0002voice-note-bytes', 'latin1');
    whatsApp.addMedia(handle, voice, 'audio/ogg; codecs=opus');
    const { carol, path } = await fileInThread({ handle, channel: 'whatsapp', type: 'audio' });

    const { res, bytes } = await download(path, carol.token);
    expect(res.status).toBe(200);
    expect(bytes.equals(voice)).toBe(true);
    expect(res.headers.get('content-type')).toBe('audio/ogg; codecs=opus');
    expect(res.headers.get('content-disposition')).toMatch(/^inline; filename="audio-[0-9a-f]{8}\.ogg"/);
  });

  it('answers 404 for another tenant’s attachment, an unknown one, and one of another message', async () => {
    const handle = `photo-${randomUUID()}`;
    telegram.addFile(handle, PNG, 'image/png');
    const theirs = await fileInThread({ handle });
    const mine = await demoStaff(api);
    await refused(fetchAs(mine.owner.token, theirs), 404, 'not_found');

    await refused(fetchAs(theirs.owner.token, { ...theirs, attachmentId: randomUUID() }), 404, 'not_found');
    const [other] = await api.sql<{ id: string }[]>`
      select id from messages where tenant_id = ${theirs.tenantId} and id <> ${theirs.messageId} limit 1`;
    await refused(fetchAs(theirs.owner.token, { ...theirs, messageId: other?.id as string }), 404, 'not_found');
    expect((await bytesOf(await fetchAs(theirs.owner.token, theirs))).equals(PNG)).toBe(true);
  });

  it('answers 404 to an operator outside the conversation’s queue', async () => {
    const handle = `photo-${randomUUID()}`;
    telegram.addFile(handle, PNG, 'image/png');
    const file = await fileInThread({ handle });
    const { tenantId, conversationId, alice, carol } = file;
    // Sales has Carol alone; unassigned there, the conversation is out of Alice's sight.
    await api.sql`
      update conversations set queue_id = (select id from queues where tenant_id = ${tenantId} and name = 'Sales'),
             assigned_operator_id = null
       where tenant_id = ${tenantId} and id = ${conversationId}`;
    await refused(fetchAs(alice.token, file), 404, 'not_found');
    expect((await bytesOf(await fetchAs(carol.token, file))).equals(PNG)).toBe(true);
  });

  it('answers 502 with the provider’s reason when it refuses or fails', async () => {
    const missing = await fileInThread({ handle: `gone-${randomUUID()}` });
    const gone = await refused(fetchAs(missing.alice.token, missing), 502, 'provider_error');
    expect(gone.error.message).toBe('Telegram: Bad Request: invalid file_id');

    const wrongToken = await fileInThread({
      handle: 'x',
      channel: 'whatsapp',
      credentials: { accessToken: 'revoked' },
    });
    const unauthorized = await refused(fetchAs(wrongToken.alice.token, wrongToken), 502, 'provider_error');
    expect(unauthorized.error.message).toMatch(/^WhatsApp: Invalid OAuth access token/);

    const handle = `photo-${randomUUID()}`;
    telegram.addFile(handle, PNG, 'image/png');
    const broken = await fileInThread({ handle });
    telegram.failNext(1, { status: 502, body: '<html>Bad Gateway</html>' });
    const failed = await refused(fetchAs(broken.alice.token, broken), 502, 'provider_error');
    expect(failed.error.message).toBe('Telegram: unexpected answer to getFile (HTTP 502)');
  });

  it('answers 413 above 20 MB, whether the provider or the webhook reported the size', async () => {
    const handle = `video-${randomUUID()}`;
    telegram.addFile(handle, PNG, 'video/mp4', { fileSize: 21 * 1024 * 1024 });
    const fromTelegram = await fileInThread({ handle, type: 'video' });
    await refused(fetchAs(fromTelegram.alice.token, fromTelegram), 413, 'payload_too_large');

    const mediaId = `${Date.now()}${Math.floor(Math.random() * 1e6)}`;
    whatsApp.addMedia(mediaId, PNG, 'video/mp4', { fileSize: 64 * 1024 * 1024 });
    const fromWhatsApp = await fileInThread({ handle: mediaId, channel: 'whatsapp', type: 'video' });
    const tooLarge = await refused(fetchAs(fromWhatsApp.alice.token, fromWhatsApp), 413, 'payload_too_large');
    expect(tooLarge.error.details).toEqual({ size: 64 * 1024 * 1024 });

    const requests = telegram.requests.length;
    const stored = await fileInThread({ handle: `big-${randomUUID()}`, type: 'video', size: 30 * 1024 * 1024 });
    await refused(fetchAs(stored.alice.token, stored), 413, 'payload_too_large');
    expect(telegram.requests.length).toBe(requests);
  });

  it('refuses an attachment with no provider file, and an account without a token, with 409', async () => {
    const noToken = await fileInThread({ handle: `photo-${randomUUID()}`, credentials: {} });
    const reply = await refused(fetchAs(noToken.alice.token, noToken), 409, 'conflict');
    expect(reply.error.message).toBe('the Telegram account has no bot token');

    const linked = await fileInThread({ handle: `link-${randomUUID()}` });
    await api.sql`update message_attachments set platform_url = null, url = 'https://files.example.test/a.png'
                   where tenant_id = ${linked.tenantId} and id = ${linked.attachmentId}`;
    await refused(fetchAs(linked.alice.token, linked), 409, 'conflict');
  });
});
