// A Telegram bot account on the demo tenant, and updates posted to its webhook
// the way Telegram posts them.
import { telegramTextUpdate } from '@relay/channels/testing';
import { BOT_TOKEN, type Relay } from './relay.ts';

export type TelegramAccount = { webhookUrl: string; secret: string };

let lastChatId = 100_000_000 + Math.floor(Math.random() * 1_000_000) * 100;
/**
 * A Telegram chat (and user) id no other test in this run has used: the specs
 * share one server, and a user id seen before is that earlier test's client.
 */
export function uniqueChatId(): number {
  lastChatId += 1;
  return lastChatId;
}

export async function createTelegramAccount(relay: Relay, name = 'E2E bot'): Promise<TelegramAccount> {
  const owner = await relay.token('owner@demo.test');
  return relay.api<TelegramAccount>(owner, 'POST', '/channel-accounts', {
    channel: 'telegram',
    name,
    externalAccountId: `e2e_${Math.random().toString(16).slice(2, 8)}_bot`,
    credentials: { botToken: BOT_TOKEN },
  });
}

export async function postTelegramText(
  account: TelegramAccount,
  message: { chatId: number; messageId: number; text: string; firstName: string },
): Promise<void> {
  const res = await fetch(account.webhookUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': account.secret },
    body: JSON.stringify(
      telegramTextUpdate({
        chatId: message.chatId,
        messageId: message.messageId,
        text: message.text,
        from: { first_name: message.firstName },
      }),
    ),
  });
  if (res.status !== 200) throw new Error(`webhook answered ${res.status}: ${await res.text()}`);
}
