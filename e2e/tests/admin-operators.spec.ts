// The people side of the admin area in a real browser: the owner adds an
// operator, who can sign in; changes their capacity; deactivates them, after
// which they cannot. And the workspace limits: a supervisor reads them with
// a line saying only the owner changes them, while the owner renames the
// workspace and the supervisor sees the new name.
import type { Browser, Page } from '@playwright/test';
import { hasChromium, NO_CHROMIUM } from '../support/chromium.ts';
import { expect, type Relay, test } from '../support/relay.ts';
import { signIn } from '../support/sign-in.ts';

test.skip(!hasChromium(), NO_CHROMIUM);

async function signedIn(browser: Browser, relay: Relay, email: string, password?: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, relay, email, password ? { password } : {});
  return page;
}

async function openSection(page: Page, label: string, path: string) {
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: label }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/${path}$`));
}

test('the owner adds an operator, changes their capacity and deactivates them', async ({ browser, relay }) => {
  const unique = Math.random().toString(36).slice(2, 8);
  const name = `Olga ${unique}`;
  const email = `olga-${unique}@demo.test`;
  const password = `olga-pass-${unique}`;

  const owner = await signedIn(browser, relay, 'owner@demo.test');
  await openSection(owner, 'Operators', 'operators');
  await owner.getByRole('button', { name: 'Add operator' }).click();
  const form = owner.getByRole('form', { name: 'New operator' });
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Initial password').fill(password);
  await form.getByLabel('Role').selectOption('operator');
  await form.getByLabel('Capacity').fill('3');
  await form.getByRole('button', { name: 'Add operator' }).click();
  await expect(owner.getByRole('status').filter({ hasText: 'was added' })).toContainText(name);

  const row = owner.getByTestId('operator-row').filter({ hasText: email });
  await expect(row).toContainText('Active');
  await expect(row.getByLabel(`Capacity of ${name}`)).toHaveValue('3');

  // They can sign in with the password the owner chose.
  const olga = await signedIn(browser, relay, email, password);
  await expect(olga.getByTestId('operator-name')).toHaveText(name);

  // Capacity changes inline; Save appears only once something changed.
  await expect(row.getByRole('button', { name: 'Save' })).toHaveCount(0);
  await row.getByLabel(`Capacity of ${name}`).fill('7');
  await row.getByRole('button', { name: 'Save' }).click();
  await expect(row.getByRole('button', { name: 'Save' })).toHaveCount(0);
  const ownerToken = await relay.token('owner@demo.test');
  const listed = await relay.api<{ items: { email: string; capacity: number }[] }>(ownerToken, 'GET', '/operators');
  expect(listed.items.find((item) => item.email === email)?.capacity).toBe(7);

  // Deactivating asks first, then shows it in the row.
  await row.getByRole('button', { name: `Deactivate ${name}` }).click();
  await row
    .getByRole('group', { name: `Confirm: deactivate ${name}` })
    .getByRole('button', { name: 'Deactivate' })
    .click();
  await expect(row).toContainText('Deactivated');
  await expect(row.getByRole('button', { name: `Reactivate ${name}` })).toBeVisible();

  // Now the login page refuses them, in words.
  const again = await (await browser.newContext()).newPage();
  await again.goto(`${relay.url}/login`);
  await again.getByLabel('Workspace').fill('demo');
  await again.getByLabel('Email').fill(email);
  await again.getByLabel('Password').fill(password);
  await again.getByRole('button', { name: 'Sign in' }).click();
  await expect(again.getByRole('alert').filter({ hasText: 'this account is deactivated' })).toBeVisible();
  await expect(again).toHaveURL(/\/login$/);
});

test('a supervisor reads the workspace limits; the owner renames the workspace', async ({ browser, relay }) => {
  const ownerToken = await relay.token('owner@demo.test');
  const before = await relay.api<{ name: string }>(ownerToken, 'GET', '/tenant');
  const renamed = `Demo ${Math.random().toString(36).slice(2, 8)}`;
  try {
    const supervisor = await signedIn(browser, relay, 'supervisor@demo.test');
    await openSection(supervisor, 'Workspace & limits', 'workspace');
    await expect(supervisor.getByTestId('limit-maxOperators')).toContainText(/Operators.*\d+ \/ \d+/);
    await expect(supervisor.getByTestId('workspace-read-only')).toHaveText(
      'Only the workspace owner can change the name and limits.',
    );
    await expect(supervisor.getByRole('form', { name: 'Change the workspace' })).toHaveCount(0);

    const owner = await signedIn(browser, relay, 'owner@demo.test');
    await openSection(owner, 'Workspace & limits', 'workspace');
    await expect(owner.getByTestId('workspace-read-only')).toHaveCount(0);
    const form = owner.getByRole('form', { name: 'Change the workspace' });
    await form.getByLabel('Workspace name').fill(renamed);
    await form.getByRole('button', { name: 'Save changes' }).click();
    await expect(form.getByRole('status')).toContainText('Saved');
    await expect(owner.getByTestId('workspace-name')).toHaveText(renamed);

    await supervisor.reload();
    await expect(supervisor.getByTestId('workspace-name')).toHaveText(renamed);
  } finally {
    // The demo workspace is shared by the worker's other tests: give its name back.
    await relay.api(ownerToken, 'PATCH', '/tenant', { name: before.name });
  }
});
