// WhatsApp Cloud API webhook bodies in Meta's own format, for tests that POST
// them to the webhook route or feed them to the parser.
import type { WhatsAppWebhook } from '@relay/contracts/webhooks';

function webhook(phoneNumberId: string, value: Record<string, unknown>): WhatsAppWebhook {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550783881', phone_number_id: phoneNumberId },
              ...value,
            },
          },
        ],
      },
    ],
  };
}

function nowSeconds(): string {
  return String(Math.floor(Date.now() / 1000));
}

export function whatsAppTextWebhook(options: {
  phoneNumberId: string;
  /** The sender's wa_id: their number without '+'. */
  from: string;
  name: string;
  id: string;
  text: string;
  timestamp?: string;
}): WhatsAppWebhook {
  return webhook(options.phoneNumberId, {
    contacts: [{ profile: { name: options.name }, wa_id: options.from }],
    messages: [
      {
        from: options.from,
        id: options.id,
        timestamp: options.timestamp ?? nowSeconds(),
        type: 'text',
        text: { body: options.text },
      },
    ],
  });
}

/** A delivery status of one of our messages; `failed` carries Meta's error 131047. */
export function whatsAppStatusWebhook(options: {
  phoneNumberId: string;
  /** The wamid our send returned. */
  id: string;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  recipientId?: string;
  timestamp?: string;
}): WhatsAppWebhook {
  const failed = {
    errors: [
      {
        code: 131047,
        title: 'Re-engagement message',
        message: 'Re-engagement message',
        error_data: {
          details:
            'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
        },
      },
    ],
  };
  return webhook(options.phoneNumberId, {
    statuses: [
      {
        id: options.id,
        status: options.status,
        timestamp: options.timestamp ?? nowSeconds(),
        recipient_id: options.recipientId ?? '16315551181',
        ...(options.status === 'failed' ? failed : {}),
      },
    ],
  });
}
