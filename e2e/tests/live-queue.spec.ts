// The supervisor's live queue next to an operator's inbox, two browsers on the
// real standalone server: a Telegram message posted to the webhook shows up in
// alice's Unassigned list and raises the Support waiting count on the
// supervisor's /queue, both within two seconds and without a reload.
import type { Browser, Page } from '@playwright/test';
import { hasChromium, NO_CHROMIUM } from '../support/chromium.ts';
import { expect, type Relay, test } from '../support/relay.ts';
import { signIn } from '../support/sign-in.ts';
import { createTelegramAccount, postTelegramText, uniqueChatId } from '../support/telegram.ts';

test.skip(!hasChromium(), NO_CHROMIUM);

async function signedIn(browser: Browser, relay: Relay, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, relay, email);
  return page;
}

test('a new Telegram conversation reaches the inbox and the live queue at once', async ({
  browser,
  relay,
}, testInfo) => {
  const account = await createTelegramAccount(relay, 'Live queue bot');

  const alice = await signedIn(browser, relay, 'alice@demo.test');
  // Operators get no Live queue link, and the page itself says why in words.
  await expect(alice.getByRole('link', { name: 'Live queue' })).toHaveCount(0);
  await alice.getByRole('tab', { name: 'Unassigned' }).click();

  const supervisor = await signedIn(browser, relay, 'supervisor@demo.test');
  await supervisor.getByRole('link', { name: 'Live queue' }).click();
  await expect(supervisor).toHaveURL(/\/queue$/);
  await expect(supervisor.getByTestId('connection-state')).toHaveText('Connected');
  const support = supervisor.getByRole('region', { name: 'Support' });
  const waiting = support.getByTestId('waiting-count');
  await expect(waiting).toHaveText(/^\d+$/);
  const before = Number(await waiting.textContent());
  // Every operator has a row with a presence dot; alice is connected but has not chosen Online.
  const aliceRow = supervisor.getByTestId('operator-row').filter({ hasText: 'Alice Ivanova' });
  await expect(aliceRow).toContainText('Offline');

  await postTelegramText(account, {
    chatId: uniqueChatId(),
    messageId: 1,
    text: 'Is anyone there?',
    firstName: 'Quinn',
  });

  await expect(
    alice.getByRole('list', { name: 'Conversations' }).getByRole('listitem').filter({ hasText: 'Quinn' }),
  ).toBeVisible({ timeout: 2000 });
  await expect(waiting).toHaveText(String(before + 1), { timeout: 2000 });
  await expect(support.getByRole('list', { name: 'Waiting line' })).toContainText('Quinn');
  // Quinn's wait ticks on the page's own clock. It is seconds old, so it shows seconds; the queue's
  // oldest wait may be hours old in a shared database and change only once a minute.
  const quinnWait = support
    .getByRole('list', { name: 'Waiting line' })
    .getByRole('listitem')
    .filter({ hasText: 'Quinn' })
    .locator('[data-level="waiting"]');
  const firstReading = await quinnWait.textContent();
  await expect(quinnWait).not.toHaveText(firstReading ?? '', { timeout: 3000 });

  await supervisor.screenshot({ path: testInfo.outputPath('live-queue.png'), fullPage: true });

  // Reassign by hand from the waiting line: the count drops back, Bob's load grows.
  const reassign = support.getByRole('list', { name: 'Waiting line' }).getByLabel('Reassign Quinn');
  const bob = await reassign.locator('option', { hasText: 'Bob Petrov' }).getAttribute('value');
  await reassign.selectOption(bob ?? '');
  await expect(waiting).toHaveText(String(before), { timeout: 2000 });
  await expect(
    alice.getByRole('list', { name: 'Conversations' }).getByRole('listitem').filter({ hasText: 'Quinn' }),
  ).toHaveCount(0, { timeout: 2000 });

  // Alice choosing Online shows on the supervisor's board without a reload.
  await alice.getByRole('button', { name: 'Online' }).click();
  await expect(aliceRow).toContainText('Online', { timeout: 2000 });

  const notAllowed = await alice.context().newPage();
  await notAllowed.goto(`${relay.url}/queue`);
  await expect(notAllowed.getByRole('main').getByRole('alert')).toContainText(/for supervisors, admins and owners/);
});
