// Relay's own channel format, for every source without a native adapter (VK,
// Avito, MAX, web forms, phone systems…): the JSON an integration POSTs to
// `/webhooks/api/<token>`, the callback Relay POSTs back for an operator's
// reply, and the answer Relay expects to that callback. Both directions are
// signed `X-Signature: sha256=<hex HMAC-SHA256 of the raw body>` with the
// account's secret.
import { z } from 'zod';
import { attachmentType, messageType } from '../enums.ts';

export const apiChannelLimits = {
  messagesPerCall: 100,
  statusesPerCall: 1000,
  attachmentsPerMessage: 20,
  textLength: 20_000,
} as const;

const externalId = z.string().min(1).max(256);
const isoDateTime = z.iso.datetime({ offset: true });

export const apiChannelSender = z.object({
  /** The person's id in the source system; one client per (account, id). */
  id: externalId,
  name: z.string().max(256).optional(),
  username: z.string().max(256).optional(),
  phone: z.string().max(64).optional(),
  email: z.string().max(320).optional(),
});

export const apiChannelAttachment = z.object({
  type: attachmentType,
  url: z.url({ protocol: /^https?$/ }).max(4096),
  mimeType: z.string().max(255).optional(),
  filename: z.string().max(1024).optional(),
  size: z.int().min(0).optional(),
  width: z.int().min(0).optional(),
  height: z.int().min(0).optional(),
  /** Seconds, for audio and video. */
  duration: z.int().min(0).optional(),
});
export type ApiChannelAttachment = z.infer<typeof apiChannelAttachment>;

export const apiChannelInboundMessage = z
  .object({
    /** The source's id of this message: a repeat of the same id is stored once. */
    id: externalId,
    /** The conversation in the source system; one Relay conversation per chatId. */
    chatId: externalId,
    sender: apiChannelSender,
    /** Defaults to the first attachment's kind, or text. */
    type: messageType.optional(),
    text: z.string().max(apiChannelLimits.textLength).optional(),
    attachments: z.array(apiChannelAttachment).max(apiChannelLimits.attachmentsPerMessage).optional(),
    /** When the source received it; defaults to when Relay did. */
    sentAt: isoDateTime.optional(),
    /** The source's id of the message this one answers. */
    replyToId: externalId.optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
  })
  .refine((message) => Boolean(message.text) || (message.attachments?.length ?? 0) > 0, {
    message: 'a message needs text or at least one attachment',
    path: ['text'],
  });
export type ApiChannelInboundMessage = z.infer<typeof apiChannelInboundMessage>;

export const apiChannelDeliveryStatus = z.enum(['sent', 'delivered', 'read', 'failed']);

export const apiChannelStatusUpdate = z.object({
  /** The id the integration answered our callback with. */
  messageId: externalId,
  status: apiChannelDeliveryStatus,
  /** Why delivery failed, shown to operators. */
  error: z.string().max(2000).optional(),
  at: isoDateTime.optional(),
});
export type ApiChannelStatusUpdate = z.infer<typeof apiChannelStatusUpdate>;

export const apiChannelWebhook = z
  .object({
    messages: z.array(apiChannelInboundMessage).max(apiChannelLimits.messagesPerCall).optional(),
    statuses: z.array(apiChannelStatusUpdate).max(apiChannelLimits.statusesPerCall).optional(),
  })
  .refine((body) => (body.messages?.length ?? 0) + (body.statuses?.length ?? 0) > 0, {
    message: 'send at least one message or status',
  });
export type ApiChannelWebhook = z.infer<typeof apiChannelWebhook>;

/** The body Relay POSTs to the integration's callback URL for an outbound message. */
export const apiChannelCallback = z.object({
  event: z.literal('message'),
  message: z.object({
    /** Relay's message id. */
    id: z.string().min(1),
    chatId: externalId,
    text: z.string(),
    type: messageType,
    /** The operator client's idempotency key, when it sent one. */
    clientMessageId: z.string().optional(),
    createdAt: isoDateTime,
  }),
});
export type ApiChannelCallback = z.infer<typeof apiChannelCallback>;

/** What the integration answers a callback with: its id for the message, used by later statuses. */
export const apiChannelCallbackResponse = z.looseObject({ id: externalId });
export type ApiChannelCallbackResponse = z.infer<typeof apiChannelCallbackResponse>;
