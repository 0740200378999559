// The operator's inbox in a real browser against the real standalone server:
// a Telegram message posted to the webhook shows up live (no reload), and the
// operator's reply reaches "Telegram" and its tick turns "sent".
import { hasChromium, NO_CHROMIUM } from '../support/chromium.ts';
import { expect, test } from '../support/relay.ts';
import { signIn } from '../support/sign-in.ts';
import { createTelegramAccount, postTelegramText, uniqueChatId } from '../support/telegram.ts';

test.skip(!hasChromium(), NO_CHROMIUM);

test('serves the web UI on the API’s port and sends a visitor without a session to the login', async ({
  page,
  relay,
}) => {
  await page.goto(relay.url);
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByLabel('Workspace')).toBeVisible();
});

test('a wrong password is explained next to the form', async ({ page, relay }) => {
  await page.goto(`${relay.url}/login`);
  await page.getByLabel('Workspace').fill('demo');
  await page.getByLabel('Email').fill('alice@demo.test');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('form', { name: 'Sign in to Relay' }).getByRole('alert')).toContainText(
    /wrong workspace, email or password/i,
  );
  await expect(page).toHaveURL(/\/login$/);
});

test('a webhook appears live in the inbox, and the reply reaches Telegram and shows sent', async ({
  page,
  relay,
}, testInfo) => {
  const account = await createTelegramAccount(relay);
  await signIn(page, relay, 'alice@demo.test');
  await page.getByRole('tab', { name: 'Unassigned' }).click();

  const list = page.getByRole('list', { name: 'Conversations' });
  const chatId = uniqueChatId();
  await postTelegramText(account, {
    chatId,
    messageId: 1,
    text: 'Hello from the browser test',
    firstName: 'Zoe',
  });
  // Live, within a second or two, without a reload. (Its preview may already be the away auto reply.)
  const row = list.getByRole('listitem').filter({ hasText: 'Zoe' });
  await expect(row).toBeVisible({ timeout: 2000 });
  await expect(row.getByTestId('sla-badge')).toHaveAttribute('data-level', 'ok');

  await row.click();
  const thread = page.getByRole('region', { name: 'Conversation', exact: true });
  await expect(thread.getByTestId('message').filter({ hasText: 'Hello from the browser test' })).toBeVisible();
  await page.getByLabel('Reply').fill('Hi Zoe, happy to help!');
  await page.getByLabel('Reply').press('Enter');

  const reply = thread.locator('[data-testid="message"][data-direction="outbound"]', {
    hasText: 'Hi Zoe, happy to help!',
  });
  await expect(reply).toHaveAttribute('data-status', 'sent', { timeout: 15_000 });
  expect(relay.telegram.requests.map((r) => r.body)).toContainEqual(
    expect.objectContaining({ chat_id: String(chatId), text: 'Hi Zoe, happy to help!' }),
  );
  await page.screenshot({ path: testInfo.outputPath('inbox.png'), fullPage: true });
});
