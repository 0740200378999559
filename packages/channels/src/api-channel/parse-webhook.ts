// Turns the api channel's own webhook JSON (see @relay/contracts/webhooks
// api-channel.ts) into Relay's inbound events.
import type { MessageType } from '@relay/contracts';
import {
  type ApiChannelInboundMessage,
  type ApiChannelStatusUpdate,
  apiChannelWebhook,
} from '@relay/contracts/webhooks';
import { attachment, type InboundEvent } from '../types.ts';
import { parsePayload } from '../webhook-errors.ts';

const messageTypes: readonly string[] = [
  'text',
  'image',
  'video',
  'audio',
  'document',
  'location',
  'sticker',
  'contact',
] satisfies MessageType[];

/** An omitted type follows the first attachment ('file' reads as a document), else text. */
function typeOf(message: ApiChannelInboundMessage): MessageType {
  if (message.type) return message.type;
  const first = message.attachments?.[0]?.type;
  if (first === 'file') return 'document';
  return first && messageTypes.includes(first) ? (first as MessageType) : 'text';
}

function messageEvent(message: ApiChannelInboundMessage, receivedAt: Date): InboundEvent {
  const { sender } = message;
  return {
    kind: 'message',
    externalChatId: message.chatId,
    externalMessageId: message.id,
    sender: {
      externalId: sender.id,
      displayName: sender.name || null,
      username: sender.username || null,
      phone: sender.phone || null,
    },
    type: typeOf(message),
    text: message.text || null,
    attachments: (message.attachments ?? []).map((item) =>
      attachment(item.type, {
        url: item.url,
        mimeType: item.mimeType ?? null,
        filename: item.filename ?? null,
        size: item.size ?? null,
        width: item.width ?? null,
        height: item.height ?? null,
        duration: item.duration ?? null,
      }),
    ),
    replyToExternalId: message.replyToId ?? null,
    sentAt: message.sentAt ? new Date(message.sentAt) : receivedAt,
    // InboundSender has no email field; it travels with the message instead.
    metadata: sender.email ? { ...message.metadata, senderEmail: sender.email } : { ...message.metadata },
  };
}

function statusEvent(status: ApiChannelStatusUpdate, receivedAt: Date): InboundEvent {
  return {
    kind: 'status',
    externalMessageId: status.messageId,
    status: status.status,
    at: status.at ? new Date(status.at) : receivedAt,
    error: status.error || null,
  };
}

/** Parses an api channel webhook body; throws WebhookPayloadError when it breaks the format. */
export function parseApiChannelWebhook(body: unknown): InboundEvent[] {
  const webhook = parsePayload(apiChannelWebhook, body, 'api channel webhook');
  const receivedAt = new Date();
  return [
    ...(webhook.messages ?? []).map((message) => messageEvent(message, receivedAt)),
    ...(webhook.statuses ?? []).map((status) => statusEvent(status, receivedAt)),
  ];
}
