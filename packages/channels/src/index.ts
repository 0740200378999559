// @relay/channels: per provider, the inbound parser that turns a webhook into
// provider-neutral events, the checks that prove a webhook genuine, the
// outbound sender, and the download of files the provider holds. Stand-ins
// for tests are in @relay/channels/testing.
export { parseApiChannelWebhook } from './api-channel/parse-webhook.ts';
export { type SendApiChannelMessageOptions, sendApiChannelMessage } from './api-channel/send-message.ts';
export { verifyApiSignature } from './api-channel/verify-signature.ts';
export { DeliveryError, parseRetryAfter } from './delivery-error.ts';
export {
  MAX_MEDIA_BYTES,
  MEDIA_TIMEOUT_MS,
  MediaFetchError,
  type MediaRequestOptions,
  type ProviderMedia,
} from './media-download.ts';
export { hmacSha256Hex, safeEqual } from './signatures.ts';
export { parseTelegramExternalId, telegramExternalId } from './telegram/external-id.ts';
export { type FetchTelegramFileOptions, fetchTelegramFile } from './telegram/fetch-file.ts';
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
export { type FetchWhatsAppMediaOptions, fetchWhatsAppMedia } from './whatsapp/fetch-media.ts';
export { parseWhatsAppWebhook } from './whatsapp/parse-webhook.ts';
export { type SendWhatsAppMessageOptions, sendWhatsAppMessage } from './whatsapp/send-message.ts';
export { verifyWhatsAppSignature, whatsAppChallenge } from './whatsapp/verify-signature.ts';
