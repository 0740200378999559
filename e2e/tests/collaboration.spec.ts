// Two operators on one conversation, each in a browser of their own: each
// sees the other "also viewing" (again after a dropped connection), typing
// shows on the other side (and goes when the typist stops), a canned response picked with "/" reaches Telegram,
// and a note that @mentions Bob, picked from the mention list, appears live
// in Bob's open thread and carries his id.
import type { Browser, Page } from '@playwright/test';
import { hasChromium, NO_CHROMIUM } from '../support/chromium.ts';
import { expect, type Relay, test } from '../support/relay.ts';
import { signIn } from '../support/sign-in.ts';
import { holdSockets } from '../support/socket-switch.ts';
import { createTelegramAccount, postTelegramText, type TelegramAccount, uniqueChatId } from '../support/telegram.ts';

test.skip(!hasChromium(), NO_CHROMIUM);

let account: TelegramAccount | undefined;

/** A new customer writes in (unassigned, in Support): `firstName` names the conversation. */
async function customerWrites(relay: Relay, firstName: string, text: string) {
  account ??= await createTelegramAccount(relay, 'Collaboration bot');
  const chatId = uniqueChatId();
  await postTelegramText(account, { chatId, messageId: 1, text, firstName });
  return chatId;
}

async function openAs(page: Page, relay: Relay, email: string, customer: string) {
  await signIn(page, relay, email);
  await page.getByRole('tab', { name: 'Unassigned' }).click();
  await page.getByRole('list', { name: 'Conversations' }).getByRole('listitem').filter({ hasText: customer }).click();
  const thread = page.getByRole('region', { name: 'Conversation', exact: true });
  await expect(thread.getByTestId('message').first()).toBeVisible();
  return thread;
}

/** Bob's own browser; `goOffline` cuts his live connections and refuses new ones until `goOnline`. */
async function bobsPage(browser: Browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const sockets = await holdSockets(page);
  return { page, goOffline: () => sockets.cut(), goOnline: () => sockets.restore(), close: () => context.close() };
}

test('two operators on one conversation see each other viewing, and typing', async ({ page, browser, relay }) => {
  await customerWrites(relay, 'Yuri', 'Is anybody there?');
  const bob = await bobsPage(browser);
  try {
    const aliceThread = await openAs(page, relay, 'alice@demo.test', 'Yuri');
    const bobThread = await openAs(bob.page, relay, 'bob@demo.test', 'Yuri');

    const aliceBanner = aliceThread.getByTestId('collision-banner');
    const bobBanner = bobThread.getByTestId('collision-banner');
    await expect(aliceBanner).toHaveText('Bob Petrov is also viewing');
    await expect(aliceBanner).toHaveAttribute('role', 'status');
    await expect(bobBanner).toHaveText('Alice Ivanova is also viewing');

    await bob.page.getByLabel('Reply', { exact: true }).pressSequentially('On it, one moment');
    await expect(aliceBanner).toHaveText('Bob Petrov is replying…');
    // Three idle seconds later Bob is no longer typing, only viewing.
    await expect(aliceBanner).toHaveText('Bob Petrov is also viewing', { timeout: 8000 });

    // Bob's connection drops, so he is no longer watching; back online, his new socket watches again by itself.
    await bob.goOffline();
    await expect(aliceBanner).toHaveText('');
    bob.goOnline();
    await expect(aliceBanner).toHaveText('Bob Petrov is also viewing', { timeout: 15_000 });

    // Bob goes (his socket with him): Alice is alone again.
    await bob.close();
    await expect(aliceBanner).toHaveText('');
  } finally {
    await bob.close();
  }
});

test('"/" picks a canned response, which is sent to Telegram', async ({ page, relay }) => {
  const chatId = await customerWrites(relay, 'Vera', 'What are your hours?');
  const thread = await openAs(page, relay, 'alice@demo.test', 'Vera');
  const reply = page.getByLabel('Reply', { exact: true });
  await reply.pressSequentially('/hel');
  const picker = page.getByRole('listbox', { name: 'Canned responses' });
  await expect(picker.getByRole('option')).toHaveCount(1);
  await expect(picker.getByRole('option', { selected: true })).toContainText('/hello');
  await reply.press('Enter');
  const greeting = 'Hello! Thanks for reaching out. How can I help you today?';
  await expect(reply).toHaveValue(greeting);
  await expect(picker).toBeHidden();
  await reply.press('Enter');

  const sent = thread.locator('[data-testid="message"][data-direction="outbound"]', { hasText: greeting });
  await expect(sent).toHaveAttribute('data-status', 'sent', { timeout: 15_000 });
  expect(relay.telegram.requests.map((r) => r.body)).toContainEqual(
    expect.objectContaining({ chat_id: String(chatId), text: greeting }),
  );
});

test('a note with an @mention picked from the list appears live for the mentioned operator', async ({
  page,
  browser,
  relay,
}, testInfo) => {
  await customerWrites(relay, 'Kirill', 'My order never arrived');
  const bob = await bobsPage(browser);
  try {
    const aliceThread = await openAs(page, relay, 'alice@demo.test', 'Kirill');
    const bobThread = await openAs(bob.page, relay, 'bob@demo.test', 'Kirill');

    await page.getByRole('button', { name: 'Note', exact: true }).click();
    await expect(page.getByRole('button', { name: 'Note', exact: true })).toHaveAttribute('aria-pressed', 'true');
    const note = page.getByLabel('Note', { exact: true });
    await note.pressSequentially('@Bo');
    const mentions = page.getByRole('listbox', { name: 'Mention' });
    await expect(mentions.getByRole('option', { name: /Bob Petrov/ })).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('mention-picker.png') });
    await note.press('Enter');
    await expect(note).toHaveValue('@Bob Petrov ');
    await note.pressSequentially('please check');
    await note.press('Enter');

    await expect(aliceThread.getByTestId('note').filter({ hasText: '@Bob Petrov please check' })).toBeVisible();
    // Live in Bob's open thread, no reload.
    await expect(bobThread.getByTestId('note').filter({ hasText: '@Bob Petrov please check' })).toBeVisible();

    const conversationId = await aliceThread.getAttribute('data-conversation-id');
    const aliceToken = await relay.token('alice@demo.test');
    const bobMe = await relay.api<{ id: string }>(await relay.token('bob@demo.test'), 'GET', '/me');
    const notes = await relay.api<{ items: { content: string; mentions: string[] }[] }>(
      aliceToken,
      'GET',
      `/conversations/${conversationId}/notes`,
    );
    expect(notes.items).toEqual([
      expect.objectContaining({ content: '@Bob Petrov please check', mentions: [bobMe.id] }),
    ]);
  } finally {
    await bob.close();
  }
});
