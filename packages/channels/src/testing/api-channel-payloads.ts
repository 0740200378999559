// Api channel webhook bodies in Relay's own format, for tests.
import type { ApiChannelWebhook } from '@relay/contracts/webhooks';

export function apiChannelTextWebhook(options: {
  id: string;
  chatId: string;
  text: string;
  sender?: { id: string; name?: string; phone?: string };
  sentAt?: string;
}): ApiChannelWebhook {
  return {
    messages: [
      {
        id: options.id,
        chatId: options.chatId,
        sender: options.sender ?? { id: options.chatId },
        text: options.text,
        ...(options.sentAt ? { sentAt: options.sentAt } : {}),
      },
    ],
  };
}
