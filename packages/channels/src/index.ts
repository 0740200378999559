// @relay/channels: per provider, the inbound parser that turns a webhook into
// provider-neutral events, the checks that prove a webhook genuine, and the
// outbound sender. Stand-ins for tests are in @relay/channels/testing.
export { parseApiChannelWebhook } from './api-channel/parse-webhook.ts';
export { type SendApiChannelMessageOptions, sendApiChannelMessage } from './api-channel/send-message.ts';
export { verifyApiSignature } from './api-channel/verify-signature.ts';
export { DeliveryError, parseRetryAfter } from './delivery-error.ts';
export { hmacSha256Hex, safeEqual } from './signatures.ts';
export { parseTelegramExternalId, telegramExternalId } from './telegram/external-id.ts';
export { parseTelegramUpdate } from './telegram/parse-update.ts';
export { type SendTelegramMessageOptions, sendTelegramMessage } from './telegram/send-message.ts';
export { verifyTelegramSecret } from './telegram/verify-secret.ts';
export type {
  DeliveryStatus,
  InboundAttachment,
  InboundEdit,
  InboundEvent,
  InboundMessage,
  InboundSender,
  InboundStatus,
} from './types.ts';
export { WebhookPayloadError, WebhookSignatureError } from './webhook-errors.ts';
export { parseWhatsAppWebhook } from './whatsapp/parse-webhook.ts';
export { type SendWhatsAppMessageOptions, sendWhatsAppMessage } from './whatsapp/send-message.ts';
export { verifyWhatsAppSignature, whatsAppChallenge } from './whatsapp/verify-signature.ts';
