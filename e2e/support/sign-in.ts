// Signing in through the login form as a person does, and waiting until the
// inbox is live (the realtime connection is up).
import { expect, type Page } from '@playwright/test';
import type { Relay } from './relay.ts';

export async function signIn(
  page: Page,
  relay: Relay,
  email: string,
  { workspace = 'demo', password = 'demo1234' }: { workspace?: string; password?: string } = {},
): Promise<void> {
  await page.goto(`${relay.url}/login`);
  await page.getByLabel('Workspace').fill(workspace);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/inbox/);
  await expect(page.getByTestId('connection-state')).toHaveText('Connected');
}
