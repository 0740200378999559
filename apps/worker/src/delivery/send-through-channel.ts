// Picks the channel adapter for an outbound message and calls it with the
// account's decrypted credentials. VK, Avito, MAX and the other channels
// without a native adapter deliver through the generic API channel's callback.
import { DeliveryError, sendApiChannelMessage, sendTelegramMessage, sendWhatsAppMessage } from '@relay/channels';
import type { DeliveryContext } from '@relay/db';
import type { Egress } from '@relay/egress';
import { openSecret } from '@relay/security';
import type { WorkerConfig } from '../deps.ts';

type Credentials = { botToken?: string; accessToken?: string; phoneNumberId?: string; callbackUrl?: string };

function credentialsOf(ctx: DeliveryContext, key: Buffer): Credentials {
  if (!ctx.account.credentials) return {};
  return JSON.parse(openSecret(key, ctx.account.credentials)) as Credentials;
}

function permanent(message: string): DeliveryError {
  return new DeliveryError({ message, status: null, retryable: false });
}

export async function sendThroughChannel(
  ctx: DeliveryContext,
  config: WorkerConfig,
  egress: Egress,
): Promise<{ externalMessageId: string }> {
  if (!ctx.account.isActive) throw permanent('the channel account is deactivated');
  const creds = credentialsOf(ctx, config.encryptionKey);
  const text = ctx.message.content ?? '';
  switch (ctx.account.channel) {
    case 'telegram':
      if (!creds.botToken) throw permanent('the Telegram account has no bot token');
      return sendTelegramMessage({
        egress,
        baseUrl: config.providers.telegramBaseUrl,
        botToken: creds.botToken,
        chatId: ctx.externalChatId,
        text,
      });
    case 'whatsapp':
      if (!creds.accessToken) throw permanent('the WhatsApp account has no access token');
      return sendWhatsAppMessage({
        egress,
        baseUrl: config.providers.whatsappBaseUrl,
        accessToken: creds.accessToken,
        phoneNumberId: creds.phoneNumberId ?? ctx.account.externalAccountId,
        to: ctx.externalChatId,
        text,
      });
    default: {
      if (!creds.callbackUrl) throw permanent(`the ${ctx.account.channel} account has no callback URL for replies`);
      const secret = ctx.account.secret ? openSecret(config.encryptionKey, ctx.account.secret) : '';
      return sendApiChannelMessage({
        egress,
        callbackUrl: creds.callbackUrl,
        secret,
        message: {
          id: ctx.message.id,
          chatId: ctx.externalChatId,
          text,
          type: ctx.message.type,
          clientMessageId: ctx.message.clientMessageId ?? undefined,
          createdAt: ctx.message.createdAt.toISOString(),
        },
      });
    }
  }
}
