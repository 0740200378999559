// The promise competitors break: after a lost connection the screen is right
// again without a reload. The page goes offline, ten customers write, the page
// comes back: all ten conversations are there, none twice.
import { hasChromium, NO_CHROMIUM } from '../support/chromium.ts';
import { expect, test } from '../support/relay.ts';
import { signIn } from '../support/sign-in.ts';
import { holdSockets } from '../support/socket-switch.ts';
import { createTelegramAccount, postTelegramText, uniqueChatId } from '../support/telegram.ts';

test.skip(!hasChromium(), NO_CHROMIUM);

test('catches up on everything missed while offline, without a reload and without doubles', async ({
  page,
  context,
  relay,
}) => {
  const account = await createTelegramAccount(relay, 'Reconnect bot');
  // Offline: HTTP through the browser's emulation, the WebSocket through the switch.
  const sockets = await holdSockets(page);
  const goOffline = async () => {
    await context.setOffline(true);
    await sockets.cut();
  };
  const goOnline = async () => {
    sockets.restore();
    await context.setOffline(false);
  };
  await signIn(page, relay, 'bob@demo.test');
  // All, not Unassigned: routing may hand some of the ten to an operator online meanwhile.
  await page.getByRole('tab', { name: 'All' }).click();
  // A marker that the page never reloads: a full navigation would drop it.
  await page.evaluate(() => Object.assign(window, { __sameDocument: true }));
  // Socket.IO starts on HTTP long-polling and upgrades: cut it once it runs on the WebSocket.
  await expect.poll(() => sockets.live(), { timeout: 10_000 }).toBeGreaterThan(0);
  await page.waitForTimeout(300);

  await goOffline();
  for (let i = 1; i <= 10; i++) {
    await postTelegramText(account, {
      chatId: uniqueChatId(),
      messageId: 1,
      text: `Missed ${i}`,
      firstName: `Away${i}`,
    });
  }
  // The page noticed (on a slow upgrade a long-poll still in flight may carry a first event or two).
  await expect(page.getByTestId('connection-state')).not.toHaveText('Connected', { timeout: 30_000 });
  await goOnline();

  await expect(page.getByTestId('connection-state')).toHaveText('Connected', { timeout: 30_000 });
  const list = page.getByRole('list', { name: 'Conversations' });
  for (let i = 1; i <= 10; i++) {
    await expect(list.getByRole('listitem').filter({ hasText: new RegExp(`^Away${i}(?!\\d)`) })).toHaveCount(1);
  }
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
});
