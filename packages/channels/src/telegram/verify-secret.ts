// Telegram proves a webhook is its own by echoing the secret_token given to
// setWebhook in the `X-Telegram-Bot-Api-Secret-Token` header.
import { assertSecretConfigured, safeEqual } from '../signatures.ts';
import { WebhookSignatureError } from '../webhook-errors.ts';

export function verifyTelegramSecret(headerValue: string | undefined, secret: string): void {
  assertSecretConfigured(secret);
  if (!headerValue) throw new WebhookSignatureError('missing X-Telegram-Bot-Api-Secret-Token header');
  if (!safeEqual(headerValue, secret)) throw new WebhookSignatureError('X-Telegram-Bot-Api-Secret-Token is wrong');
}
