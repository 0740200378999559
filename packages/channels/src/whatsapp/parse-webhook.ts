// Turns a WhatsApp Cloud API webhook into Relay's inbound events. One webhook
// may carry many messages and statuses across its entries and changes.
import type { MessageType } from '@relay/contracts';
import {
  type WhatsAppMessage,
  type WhatsAppMessagesValue,
  type WhatsAppStatus,
  whatsAppWebhook,
} from '@relay/contracts/webhooks';
import { attachment, type DeliveryStatus, type InboundAttachment, type InboundEvent } from '../types.ts';
import { parsePayload } from '../webhook-errors.ts';

type Content = {
  type: MessageType;
  text: string | null;
  attachments: InboundAttachment[];
  metadata: Record<string, unknown>;
};

const mediaTypes = ['image', 'video', 'audio', 'document', 'sticker'] as const;
const deliveryStatuses: readonly string[] = ['sent', 'delivered', 'read', 'failed'] satisfies DeliveryStatus[];

function fromUnixSeconds(seconds: string): Date {
  return new Date(Number(seconds) * 1000);
}

function contentOf(message: WhatsAppMessage): Content {
  const plain = (text: string | null, metadata: Record<string, unknown> = {}): Content => ({
    type: 'text',
    text,
    attachments: [],
    metadata,
  });
  const mediaType = mediaTypes.find((type) => type === message.type);
  const media = mediaType && message[mediaType];
  if (mediaType && media) {
    const item = attachment(mediaType, {
      platformUrl: media.id,
      mimeType: media.mime_type,
      filename: media.filename ?? null,
    });
    const metadata = media.voice ? { voice: true } : {};
    return { type: mediaType, text: media.caption ?? null, attachments: [item], metadata };
  }
  if (message.type === 'text' && message.text) return plain(message.text.body);
  if (message.type === 'location' && message.location) {
    const { latitude, longitude, name, address } = message.location;
    const place = [name, address].filter(Boolean).join(', ');
    return {
      type: 'location',
      text: `Location: ${place ? `${place} ` : ''}(${latitude}, ${longitude})`,
      attachments: [],
      metadata: { location: { latitude, longitude, name: name ?? null, address: address ?? null } },
    };
  }
  if (message.type === 'contacts' && message.contacts) {
    const contacts = message.contacts.map((contact) => ({
      name: contact.name.formatted_name,
      phones: (contact.phones ?? []).flatMap((phone) => (phone.phone ? [phone.phone] : [])),
    }));
    const summary = contacts.map((contact) => [contact.name, ...contact.phones].join(', ')).join('; ');
    return { type: 'contact', text: `Contact: ${summary}`, attachments: [], metadata: { contacts } };
  }
  if (message.type === 'button' && message.button) {
    return plain(message.button.text, { button: { payload: message.button.payload ?? null } });
  }
  const reply =
    message.type === 'interactive' ? (message.interactive?.button_reply ?? message.interactive?.list_reply) : undefined;
  if (reply) return plain(reply.title, { interactive: { id: reply.id } });
  // Reactions, orders, system notices, Meta's own 'unsupported'…: kept as a
  // placeholder so the operator sees that the client did something.
  return plain(`[${message.type}]`, { unsupported: message.type });
}

function messageEvent(message: WhatsAppMessage, value: WhatsAppMessagesValue): InboundEvent {
  const profile = value.contacts?.find((contact) => contact.wa_id === message.from)?.profile;
  const content = contentOf(message);
  return {
    kind: 'message',
    // A person's chat with the business number is keyed by their WhatsApp id.
    externalChatId: message.from,
    externalMessageId: message.id,
    sender: {
      externalId: message.from,
      displayName: profile?.name || null,
      username: null,
      // wa_id is the number without '+'; ids that are not numbers (groups, usernames) get no phone.
      phone: /^\d+$/.test(message.from) ? `+${message.from}` : null,
    },
    type: content.type,
    text: content.text,
    attachments: content.attachments,
    replyToExternalId: message.context?.id ?? null,
    sentAt: fromUnixSeconds(message.timestamp),
    metadata: content.metadata,
  };
}

function statusEvent(status: WhatsAppStatus): InboundEvent[] {
  // A status Meta adds later means nothing to Relay's pending→sent→delivered→read.
  if (!deliveryStatuses.includes(status.status)) return [];
  const error = status.errors?.[0];
  const details = error?.error_data?.details ?? error?.message;
  return [
    {
      kind: 'status',
      externalMessageId: status.id,
      status: status.status as DeliveryStatus,
      at: fromUnixSeconds(status.timestamp),
      error: error
        ? `${error.title} (code ${error.code})${details && details !== error.title ? `: ${details}` : ''}`
        : null,
    },
  ];
}

/** Parses a webhook POST body; throws WebhookPayloadError when it is not one. */
export function parseWhatsAppWebhook(body: unknown): InboundEvent[] {
  const webhook = parsePayload(whatsAppWebhook, body, 'WhatsApp webhook');
  const events: InboundEvent[] = [];
  for (const entry of webhook.entry) {
    for (const change of entry.changes) {
      if (change.field !== 'messages') continue;
      // The schema only lets a `messages` change through with a parsed value;
      // TypeScript cannot narrow the union on a literal against `string`.
      const value = change.value as WhatsAppMessagesValue;
      for (const message of value.messages ?? []) events.push(messageEvent(message, value));
      for (const status of value.statuses ?? []) events.push(...statusEvent(status));
    }
  }
  return events;
}
