// The content settings in a real browser against the real standalone server:
// a canned response created in /admin/canned-responses is offered by the
// composer's "/" picker and sent, and a tag created in /admin/tags shows up in
// the audit log as tag.create by the admin who made it.
import { hasChromium, NO_CHROMIUM } from '../support/chromium.ts';
import { expect, test } from '../support/relay.ts';
import { signIn } from '../support/sign-in.ts';
import { createTelegramAccount, postTelegramText, uniqueChatId } from '../support/telegram.ts';

test.skip(!hasChromium(), NO_CHROMIUM);

const suffix = () => Math.random().toString(36).slice(2, 8);

test('a canned response made in settings is picked with / in the composer and sent', async ({
  page,
  relay,
}, testInfo) => {
  const account = await createTelegramAccount(relay);
  const customer = `Canny ${suffix()}`;
  await postTelegramText(account, {
    chatId: uniqueChatId(),
    messageId: 1,
    text: 'Do you ship abroad?',
    firstName: customer,
  });
  const shortcut = `ship${suffix()}`;
  const content = `We ship worldwide within 5 days (${shortcut}).`;

  await signIn(page, relay, 'owner@demo.test');
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Canned responses' }).click();
  await page.getByRole('button', { name: 'New response' }).click();
  const form = page.getByRole('form', { name: 'New canned response' });
  await form.getByLabel('Title').fill('Shipping abroad');
  await form.getByLabel('Shortcut').fill(shortcut);
  await form.getByLabel('Content').fill(content);
  await form.getByRole('button', { name: 'Create response' }).click();
  await expect(form).toBeHidden();

  const table = page.getByRole('table', { name: 'Canned responses' });
  await page.getByLabel('Search canned responses').fill(shortcut);
  await expect(table.getByRole('row')).toHaveCount(2); // the header and the one match
  await expect(table.getByRole('row').nth(1)).toContainText(`/${shortcut}`);
  await expect(table.getByRole('row').nth(1)).toContainText('Shared');
  await page.screenshot({ path: testInfo.outputPath('canned-responses.png'), fullPage: true });

  // Back to the inbox without a reload: the picker reads the same cache the settings page refreshed.
  await page.getByRole('link', { name: 'Inbox' }).click();
  await page.getByRole('tab', { name: 'Unassigned' }).click();
  await page.getByRole('list', { name: 'Conversations' }).getByRole('listitem').filter({ hasText: customer }).click();
  const reply = page.getByLabel('Reply');
  await reply.fill(`/${shortcut}`);
  const picker = page.getByRole('listbox', { name: 'Canned responses' });
  await expect(picker.getByRole('option', { name: new RegExp(`/${shortcut}`) })).toBeVisible();
  await reply.press('Enter');
  await expect(reply).toHaveValue(content);
  await reply.press('Enter');

  const thread = page.getByRole('region', { name: 'Conversation', exact: true });
  await expect(
    thread.locator('[data-testid="message"][data-direction="outbound"]', { hasText: content }),
  ).toBeVisible();
});

test('a tag created in settings appears in the audit log as tag.create by its admin', async ({ page, relay }) => {
  const name = `e2e-tag-${suffix()}`;
  await signIn(page, relay, 'owner@demo.test');
  const me = (await page.getByTestId('operator-name').textContent())?.trim() ?? '';
  expect(me).not.toBe('');

  await page.getByRole('link', { name: 'Settings' }).click();
  const sections = page.getByRole('navigation', { name: 'Settings' });
  await sections.getByRole('link', { name: 'Tags' }).click();
  const form = page.getByRole('form', { name: 'New tag' });
  await form.getByLabel('New tag').fill(name);
  await form.getByLabel('Colour').fill('#d14343');
  await form.getByRole('button', { name: 'Add tag' }).click();
  const row = page.getByRole('table', { name: 'Tags' }).getByRole('row').filter({ hasText: name });
  await expect(row).toContainText('#d14343');

  await sections.getByRole('link', { name: 'Audit log' }).click();
  await page.getByLabel('Action').selectOption('tag.create');
  const entry = page.getByTestId('audit-entry').filter({ hasText: name });
  await expect(entry).toHaveCount(1);
  await expect(entry).toContainText('tag.create');
  await expect(entry).toContainText(me);
  await entry.locator('summary').click();
  await expect(entry.locator('pre')).toContainText('"color": "#d14343"');
});
