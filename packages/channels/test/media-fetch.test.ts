import { describe, expect, it } from 'vitest';
import { fetchTelegramFile, fetchWhatsAppMedia, MediaFetchError, type ProviderMedia } from '../src/index.ts';
import { startTelegramStandIn, startWhatsAppStandIn } from '../src/testing/index.ts';
import { closeAfterTest, testEgress } from './support/delivery.ts';

const BOT = '123:ABC';
const WA_TOKEN = 'EAAG-test-token';
const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

async function read(media: ProviderMedia): Promise<Uint8Array> {
  return new Uint8Array(await new Response(media.body).arrayBuffer());
}

async function refusal(promise: Promise<unknown>): Promise<MediaFetchError> {
  const error = await promise.then(
    () => expect.unreachable('the download succeeded'),
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(MediaFetchError);
  return error as MediaFetchError;
}

async function telegram() {
  const standIn = await startTelegramStandIn({ botTokens: [BOT] });
  closeAfterTest(standIn.close);
  const egress = testEgress({ trustedUrls: [standIn.baseUrl] });
  const fetchFile = (fileId: string, more: { timeoutMs?: number; botToken?: string } = {}) =>
    fetchTelegramFile({ egress, baseUrl: standIn.baseUrl, botToken: BOT, fileId, ...more });
  return { standIn, fetchFile };
}

async function whatsApp() {
  const standIn = await startWhatsAppStandIn({ accessToken: WA_TOKEN });
  closeAfterTest(standIn.close);
  const egress = testEgress({ trustedUrls: [standIn.baseUrl] });
  const fetchMedia = (mediaId: string, accessToken = WA_TOKEN) =>
    fetchWhatsAppMedia({ egress, baseUrl: standIn.baseUrl, accessToken, mediaId });
  return { standIn, fetchMedia };
}

describe('fetchTelegramFile', () => {
  it('asks getFile for the path, then streams the file with its type, length and name', async () => {
    const { standIn, fetchFile } = await telegram();
    standIn.addFile('photo-1', bytes, 'image/png', { filePath: 'photos/file_7.png' });
    const media = await fetchFile('photo-1');
    expect(media).toMatchObject({ contentType: 'image/png', contentLength: bytes.length, filename: 'file_7.png' });
    expect(await read(media)).toEqual(bytes);
    expect(standIn.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /bot${BOT}/getFile?file_id=photo-1`,
      `GET /file/bot${BOT}/photos/file_7.png`,
    ]);
  });

  it('leaves a generic octet-stream type for the caller to replace', async () => {
    const { standIn, fetchFile } = await telegram();
    standIn.addFile('doc-1', bytes);
    expect((await fetchFile('doc-1')).contentType).toBeNull();
  });

  it("refuses with Telegram's own words, and never shows the bot token", async () => {
    const { fetchFile } = await telegram();
    const error = await refusal(fetchFile('no-such-file'));
    expect(error).toMatchObject({ message: 'Telegram: Bad Request: invalid file_id', status: 400, tooLarge: false });
    const wrongBot = await refusal(fetchFile('no-such-file', { botToken: '999:SECRET' }));
    expect(wrongBot.message).toBe('Telegram: Unauthorized');
    expect(wrongBot.message).not.toContain('SECRET');
  });

  it('refuses a file over 20 MB before downloading it', async () => {
    const { standIn, fetchFile } = await telegram();
    standIn.addFile('video-1', bytes, 'video/mp4', { fileSize: 25 * 1024 * 1024 });
    const error = await refusal(fetchFile('video-1'));
    expect(error).toMatchObject({ tooLarge: true, size: 25 * 1024 * 1024 });
    expect(error.message).toMatch(/25\.0 MB, over the 20\.0 MB/);
    expect(standIn.requests).toHaveLength(1);
  });

  it('gives up on a provider that does not answer in time', async () => {
    const { standIn, fetchFile } = await telegram();
    standIn.failNext(1, { status: 200, body: {}, delayMs: 2_000 });
    const error = await refusal(fetchFile('slow', { timeoutMs: 100 }));
    expect(error.message).toBe('Telegram: no answer within 100 ms');
  });
});

describe('fetchWhatsAppMedia', () => {
  it('looks the media up, then downloads its url with the same bearer token', async () => {
    const { standIn, fetchMedia } = await whatsApp();
    standIn.addMedia('wa-media-1', bytes, 'audio/ogg');
    const media = await fetchMedia('wa-media-1');
    expect(media).toMatchObject({ contentType: 'audio/ogg', contentLength: bytes.length, filename: null });
    expect(await read(media)).toEqual(bytes);
    expect(standIn.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${WA_TOKEN}`, `Bearer ${WA_TOKEN}`]);
  });

  it("refuses with Meta's error, and over 20 MB", async () => {
    const { standIn, fetchMedia } = await whatsApp();
    expect((await refusal(fetchMedia('nope'))).message).toMatch(/^WhatsApp: Unsupported get request.*\(code 100\)$/);
    expect((await refusal(fetchMedia('nope', 'wrong'))).message).toMatch(/^WhatsApp: Invalid OAuth access token/);
    standIn.addMedia('big', bytes, 'video/mp4', { fileSize: 21 * 1024 * 1024 });
    expect(await refusal(fetchMedia('big'))).toMatchObject({ tooLarge: true });
  });
});
