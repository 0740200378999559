// Picks the provider download for an attachment's handle and calls it with
// the credentials of the account that received the message (a file_id works
// only for the bot it was sent to). Provider failures become the API's own
// errors here: too large is a 413, anything else the provider said a 502.
// Every request goes through the API's egress client (the outbound-URL
// policy); the messages are the channel package's: a provider's own error
// words from the deployment's provider API, otherwise Relay's fixed phrases.
import { fetchTelegramFile, fetchWhatsAppMedia, MediaFetchError, type ProviderMedia } from '@relay/channels';
import type { AttachmentSource } from '@relay/db';
import type { Egress } from '@relay/egress';
import { openSecret } from '@relay/security';
import type { ApiConfig } from '../../deps.ts';
import { AppError } from '../../errors/app-error.ts';

type Credentials = { botToken?: string; accessToken?: string };
type MediaDeps = { config: Pick<ApiConfig, 'encryptionKey' | 'providers'>; egress: Egress };

function credentialsOf(source: AttachmentSource, key: Buffer): Credentials {
  if (!source.account.credentials) return {};
  try {
    return JSON.parse(openSecret(key, source.account.credentials)) as Credentials;
  } catch {
    throw new AppError('conflict', "the channel account's credentials cannot be read; enter them again");
  }
}

function download(
  source: AttachmentSource,
  handle: string,
  { config, egress }: MediaDeps,
  signal: AbortSignal,
): Promise<ProviderMedia> {
  const { channel } = source.account;
  if (channel !== 'telegram' && channel !== 'whatsapp') {
    throw new AppError('conflict', `files of ${channel} messages are not downloaded through Relay`);
  }
  const creds = credentialsOf(source, config.encryptionKey);
  if (channel === 'telegram') {
    if (!creds.botToken) throw new AppError('conflict', 'the Telegram account has no bot token');
    return fetchTelegramFile({
      egress,
      baseUrl: config.providers.telegramBaseUrl,
      botToken: creds.botToken,
      fileId: handle,
      signal,
    });
  }
  if (!creds.accessToken) throw new AppError('conflict', 'the WhatsApp account has no access token');
  return fetchWhatsAppMedia({
    egress,
    baseUrl: config.providers.whatsappBaseUrl,
    accessToken: creds.accessToken,
    mediaId: handle,
    signal,
  });
}

export async function fetchAttachmentMedia(
  source: AttachmentSource,
  deps: MediaDeps,
  signal: AbortSignal,
): Promise<ProviderMedia> {
  if (!source.platformUrl) {
    throw new AppError(
      'conflict',
      source.url ? 'this attachment is a link: open its url directly' : 'this attachment has no file to download',
    );
  }
  try {
    return await download(source, source.platformUrl, deps, signal);
  } catch (error) {
    if (!(error instanceof MediaFetchError)) throw error;
    if (error.tooLarge) {
      throw new AppError('payload_too_large', error.message, error.size === null ? undefined : { size: error.size });
    }
    throw new AppError('provider_error', error.message, error.status === null ? undefined : { status: error.status });
  }
}
