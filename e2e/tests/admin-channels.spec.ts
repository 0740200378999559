// The admin's channel and queue settings in a real browser against the real
// standalone server: an owner creates a Telegram account, copies its webhook
// URL through the clipboard, and a Telegram update posted to exactly that URL
// (with the secret shown once) becomes a conversation in the inbox. And an
// owner creates a queue and staffs it.
import type { Page } from '@playwright/test';
import { hasChromium, NO_CHROMIUM } from '../support/chromium.ts';
import { BOT_TOKEN, expect, test } from '../support/relay.ts';
import { signIn } from '../support/sign-in.ts';
import { postTelegramText, uniqueChatId } from '../support/telegram.ts';

test.skip(!hasChromium(), NO_CHROMIUM);

/**
 * The settings pane scrolls inside a full-height frame, so a full-page shot
 * alone would cut it at the window: grow the window to the pane's height first.
 */
async function screenshotWholeSection(page: Page, path: string) {
  const height = await page.getByRole('main').evaluate((main) => main.scrollHeight);
  await page.setViewportSize({ width: 1280, height: Math.max(800, height + 20) });
  await page.screenshot({ path, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });
}

test('admin creates a channel account, copies its webhook URL; a webhook to it works', async ({
  context,
  page,
  relay,
}, testInfo) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: relay.url });
  const chatId = uniqueChatId();
  const accountName = `Admin bot ${chatId}`;
  await signIn(page, relay, 'owner@demo.test');
  await page.goto(`${relay.url}/admin/channels`);
  await expect(
    page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Channels' }),
  ).toHaveAttribute('aria-current', 'page');

  await page.getByRole('button', { name: 'New channel account' }).click();
  const form = page.getByRole('form', { name: 'New channel account' });
  await expect(form.getByRole('combobox', { name: 'Channel' })).toHaveValue('telegram');
  await form.getByRole('textbox', { name: /^Account name/ }).fill(accountName);
  await form.getByRole('textbox', { name: /^Bot username/ }).fill(`admin_${chatId}_bot`);
  // A malformed token is refused beside its field, in the API's words.
  await form.getByLabel(/^Bot token/).fill('not-a-token');
  await form.getByRole('button', { name: 'Create account' }).click();
  await expect(form.getByText('must look like 123456:ABC-…', { exact: true })).toBeVisible();
  await form.getByLabel(/^Bot token/).fill(BOT_TOKEN);
  await form.getByRole('button', { name: 'Create account' }).click();

  const notice = page.getByRole('region', { name: `Telegram account “${accountName}” is ready` });
  await expect(notice).toContainText('it will not be shown again');
  const shownUrl = (await notice.getByRole('group', { name: 'webhook URL' }).locator('code').textContent()) ?? '';
  const secret = (await notice.getByRole('group', { name: 'secret token' }).locator('code').textContent()) ?? '';
  expect(shownUrl).toMatch(/\/webhooks\/telegram\/[\w-]{16,}$/);
  expect(secret.length).toBeGreaterThanOrEqual(16);

  const copy = notice.getByRole('button', { name: 'Copy webhook URL' });
  await copy.click();
  await expect(copy).toHaveText('Copied');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(shownUrl);

  // The table lists it too, with the same webhook URL and no secret.
  const row = page.getByTestId('channel-account-row').filter({ hasText: accountName });
  await expect(row).toContainText('Active');
  await expect(row.getByRole('group', { name: `webhook URL of ${accountName}` })).toContainText(shownUrl);
  await expect(row).not.toContainText(secret);
  await screenshotWholeSection(page, testInfo.outputPath('admin-channels.png'));

  // Its queue changes in the row's edit panel.
  await row.getByRole('button', { name: `Edit ${accountName}` }).click();
  const edit = page.getByRole('form', { name: `Edit ${accountName}` });
  await edit.getByRole('combobox', { name: 'Queue' }).selectOption({ label: 'Sales' });
  await edit.getByRole('button', { name: 'Save account' }).click();
  await expect(edit).toHaveCount(0);
  await expect(row.getByRole('cell', { name: 'Sales', exact: true })).toBeVisible();

  const firstName = `Channel${chatId}`;
  await postTelegramText(
    { webhookUrl: copied, secret },
    { chatId, messageId: 1, text: 'Hello through the copied webhook', firstName },
  );
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inbox' }).click();
  await page.getByRole('tab', { name: 'All' }).click();
  const conversation = page
    .getByRole('list', { name: 'Conversations' })
    .getByRole('listitem')
    .filter({ hasText: firstName });
  await expect(conversation).toBeVisible();
});

test('admin creates a queue and adds a member; the list shows it', async ({ page, relay }, testInfo) => {
  const queueName = `E2E queue ${uniqueChatId()}`;
  await signIn(page, relay, 'owner@demo.test');
  await page.goto(`${relay.url}/admin/queues`);

  await page.getByRole('button', { name: 'New queue' }).click();
  const form = page.getByRole('form', { name: 'New queue' });
  await form.getByRole('textbox', { name: 'Queue name' }).fill(queueName);
  await form.getByRole('combobox', { name: 'Routing' }).selectOption({ label: 'Least loaded' });
  await form.getByRole('button', { name: 'Create queue' }).click();

  const table = page.getByRole('table', { name: 'Queues' });
  const row = table.getByTestId('queue-row').filter({ hasText: queueName });
  await expect(row).toContainText('Least loaded');
  await expect(row.getByTestId('queue-members')).toHaveText('Nobody');

  await row.getByRole('button', { name: `Change members of ${queueName}` }).click();
  const members = page.getByRole('group', { name: `Members of ${queueName}` });
  await members.getByRole('checkbox', { name: /Alice Ivanova/ }).check();
  await page.getByRole('button', { name: 'Save members (1)' }).click();
  await expect(row.getByTestId('queue-members')).toHaveText('Alice Ivanova');

  // It is the server's list, not only this page's cache.
  await page.reload();
  await expect(row.getByTestId('queue-members')).toHaveText('Alice Ivanova');

  // Routing changes in the queue's edit panel.
  await row.getByRole('button', { name: `Edit ${queueName}` }).click();
  const edit = page.getByRole('form', { name: `Edit queue ${queueName}` });
  await edit.getByRole('combobox', { name: 'Routing' }).selectOption({ label: 'Round robin' });
  await edit.getByRole('button', { name: 'Save queue' }).click();
  await expect(edit).toHaveCount(0);
  await expect(row).toContainText('Round robin');
  await screenshotWholeSection(page, testInfo.outputPath('admin-queues.png'));

  // The default queue cannot go; the refusal is explained beside its row.
  const defaultRow = table.getByTestId('queue-row').filter({ has: page.getByText('Default', { exact: true }) });
  await defaultRow.getByRole('button', { name: /^Delete queue/ }).click();
  await defaultRow
    .getByRole('group', { name: /^Confirm deleting/ })
    .getByRole('button', { name: 'Delete' })
    .click();
  await expect(table.getByRole('alert')).toContainText('the default queue cannot be deleted');
});

test('a supervisor reads channel accounts and their webhook URLs but cannot change them', async ({ page, relay }) => {
  await signIn(page, relay, 'supervisor@demo.test');
  await page.goto(`${relay.url}/admin/channels`);
  const rows = page.getByTestId('channel-account-row');
  await expect(rows.first().getByRole('button', { name: /^Copy webhook URL of / })).toBeVisible();
  await expect(page.getByRole('button', { name: 'New channel account' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^(Edit|Deactivate|Activate) / })).toHaveCount(0);
});
