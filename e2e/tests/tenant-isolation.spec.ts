// Tenants are walls in the browser too: an owner of another workspace, signed
// in and connected while the demo tenant's customers write, never sees one of
// their conversations — live or after a reload.
import { hasChromium, NO_CHROMIUM } from '../support/chromium.ts';
import { expect, test } from '../support/relay.ts';
import { signIn } from '../support/sign-in.ts';
import { createTelegramAccount, postTelegramText, uniqueChatId } from '../support/telegram.ts';

test.skip(!hasChromium(), NO_CHROMIUM);

test('a tenant-B operator never sees tenant A’s conversations', async ({ page, relay }) => {
  const slug = `acme-${Math.random().toString(16).slice(2, 8)}`;
  await relay.api('', 'POST', '/tenants', {
    name: 'Acme',
    slug,
    owner: { name: 'Ada Acme', email: 'ada@acme.test', password: 'acme-password-1' },
  });
  await signIn(page, relay, 'ada@acme.test', { workspace: slug, password: 'acme-password-1' });
  await page.getByRole('tab', { name: 'All' }).click();

  // The demo tenant (A) gets a new customer while B's owner watches.
  const account = await createTelegramAccount(relay, 'Tenant A bot');
  await postTelegramText(account, {
    chatId: uniqueChatId(),
    messageId: 1,
    text: 'Secret of tenant A',
    firstName: 'Quentin',
  });
  // A's own supervisor sees it, so it was published; B's screen must not.
  const supervisor = await relay.token('supervisor@demo.test');
  const seenByA = await relay.api<{ items: { clientName: string }[] }>(supervisor, 'GET', '/conversations?view=all');
  expect(seenByA.items.map((c) => c.clientName)).toContain('Quentin');

  await page.waitForTimeout(1500);
  await expect(page.getByText('Quentin')).toHaveCount(0);
  await expect(page.getByText('Secret of tenant A')).toHaveCount(0);
  // None of the demo tenant's seeded customers either, after a reload.
  await page.reload();
  await expect(page.getByTestId('connection-state')).toHaveText('Connected');
  await page.getByRole('tab', { name: 'All' }).click();
  for (const name of ['Quentin', 'Dmitry K.', 'Maria S.']) await expect(page.getByText(name)).toHaveCount(0);
});
