// The thread beyond text, in a real browser against the real server: a
// Telegram photo, document and location render by type, the photo loaded
// and the document downloaded through Relay from Telegram (a file Telegram
// refuses shows why, and Retry loads it once it is there); a reply Telegram
// refuses shows failed with the reason and Retry delivers it; a new message
// in another conversation raises a desktop notification; and the client
// panel shows the client's Telegram identity, a past conversation and
// merges a duplicate.
import { readFile } from 'node:fs/promises';
import type { Locator, Page } from '@playwright/test';
import {
  telegramDocumentUpdate,
  telegramLocationUpdate,
  telegramPhotoUpdate,
  telegramTextUpdate,
} from '@relay/channels/testing';
import { hasChromium, NO_CHROMIUM } from '../support/chromium.ts';
import { BOT_TOKEN, expect, type Relay, test } from '../support/relay.ts';
import { signIn } from '../support/sign-in.ts';
import { type TelegramAccount, uniqueChatId } from '../support/telegram.ts';

test.skip(!hasChromium(), NO_CHROMIUM);

/** A Telegram bot in no queue: its conversations are never routed, so they stay unassigned. */
async function unroutedAccount(relay: Relay, name: string): Promise<TelegramAccount> {
  const owner = await relay.token('owner@demo.test');
  return relay.api<TelegramAccount>(owner, 'POST', '/channel-accounts', {
    channel: 'telegram',
    name,
    externalAccountId: `e2e_${Math.random().toString(16).slice(2, 8)}_bot`,
    credentials: { botToken: BOT_TOKEN },
    queueId: null,
  });
}

async function post(account: TelegramAccount, update: unknown): Promise<void> {
  const res = await fetch(account.webhookUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': account.secret },
    body: JSON.stringify(update),
  });
  if (res.status !== 200) throw new Error(`webhook answered ${res.status}: ${await res.text()}`);
}

/** The ids of the conversations with this client, newest first (the owner sees them all). */
async function conversationsWith(relay: Relay, clientName: string): Promise<string[]> {
  const owner = await relay.token('owner@demo.test');
  const page = await relay.api<{ items: { id: string; clientName: string | null }[] }>(
    owner,
    'GET',
    `/conversations?view=all&q=${encodeURIComponent(clientName)}`,
  );
  return page.items.filter((item) => item.clientName === clientName).map((item) => item.id);
}

async function openConversation(page: Page, relay: Relay, id: string) {
  await page.goto(`${relay.url}/inbox?c=${id}`);
  await expect(page.getByTestId('connection-state')).toHaveText('Connected');
  const thread = page.getByRole('region', { name: 'Conversation', exact: true });
  await expect(thread.getByTestId('message').first()).toBeVisible();
  return thread;
}

const unique = (name: string) => `${name} ${Math.random().toString(36).slice(2, 7)}`;

// A 1×1 PNG, and a PDF small enough to read back.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

/** The photo's pixels actually decoded (a broken or empty image has naturalWidth 0). */
const naturalWidth = (image: Locator) =>
  image.evaluate((element: HTMLImageElement) => (element.complete ? element.naturalWidth : 0));

test('a Telegram photo, document and location render by type, the files fetched through Relay', async ({
  page,
  relay,
}) => {
  const account = await unroutedAccount(relay, 'Media bot');
  const chatId = uniqueChatId();
  const name = unique('Paula');
  const from = { first_name: name };
  const photoId = `photo-${chatId}`;
  const lateId = `late-photo-${chatId}`;
  const documentId = `doc-${chatId}`;
  relay.telegram.addFile(photoId, PNG, 'image/png', { filePath: `photos/${photoId}.png` });
  relay.telegram.addFile(documentId, PDF);
  await post(
    account,
    telegramPhotoUpdate({ chatId, messageId: 1, from, fileId: photoId, caption: 'The scratch on the lid' }),
  );
  await post(
    account,
    telegramDocumentUpdate({
      chatId,
      messageId: 2,
      from,
      fileId: documentId,
      fileName: 'invoice-1042.pdf',
      mimeType: 'application/pdf',
      fileSize: 48_213,
    }),
  );
  await post(
    account,
    telegramLocationUpdate({
      chatId,
      messageId: 3,
      from,
      latitude: 55.7558,
      longitude: 37.6173,
      venue: { title: 'Pickup point', address: 'Tverskaya 1' },
    }),
  );
  // Telegram does not know this one yet.
  await post(account, telegramPhotoUpdate({ chatId, messageId: 4, from, fileId: lateId, caption: 'And the box' }));
  await expect.poll(() => conversationsWith(relay, name)).toHaveLength(1);
  const [id] = await conversationsWith(relay, name);

  await signIn(page, relay, 'alice@demo.test');
  const thread = await openConversation(page, relay, id as string);

  // Telegram sends only file ids: the browser gets the bytes through Relay's content route.
  const photo = thread.locator('[data-testid="message"][data-type="image"]', { hasText: 'The scratch on the lid' });
  await expect(photo.getByTestId('attachment')).toHaveAttribute('data-state', 'ready');
  await expect(photo).toContainText('The scratch on the lid');
  const image = photo.locator('img');
  await expect(image).toHaveAttribute('src', /^blob:/);
  await expect.poll(() => naturalWidth(image)).toBeGreaterThan(0);
  await expect(photo.getByRole('link')).toHaveAttribute('target', '_blank');

  // A file Telegram refuses: the placeholder names it and says why; Retry loads it once Telegram has it.
  const late = thread.locator('[data-testid="message"][data-type="image"]', { hasText: 'And the box' });
  await expect(late.getByTestId('attachment')).toHaveAttribute('data-state', 'error');
  await expect(late.getByTestId('attachment')).toContainText(/Telegram photo \(file id …/);
  await expect(late.getByTestId('attachment')).toContainText('1280×960 · 128 KB');
  await expect(late.getByRole('alert')).toContainText('Telegram: Bad Request: invalid file_id');
  relay.telegram.addFile(lateId, PNG, 'image/png');
  await late.getByRole('button', { name: 'Retry' }).click();
  await expect.poll(() => naturalWidth(late.locator('img'))).toBeGreaterThan(0);
  await expect(late.getByRole('alert')).toHaveCount(0);

  const document = thread.locator('[data-testid="message"][data-type="document"]').getByTestId('attachment');
  await expect(document).toContainText('invoice-1042.pdf');
  await expect(document).toContainText('PDF');
  await expect(document).toContainText('47.1 KB');
  await expect(document).toContainText('Telegram document (file id');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    document.getByRole('button', { name: 'Download' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('invoice-1042.pdf');
  expect((await readFile(await download.path())).equals(PDF)).toBe(true);

  const location = thread.locator('[data-testid="message"][data-type="location"]').getByTestId('attachment');
  await expect(location).toContainText('Pickup point');
  await expect(location).toContainText('Tverskaya 1');
  await expect(location).toContainText('55.75580, 37.61730');
  await expect(location.getByRole('link', { name: 'Open in OpenStreetMap' })).toHaveAttribute(
    'href',
    'https://www.openstreetmap.org/?mlat=55.75580&mlon=37.61730#map=16/55.75580/37.61730',
  );
});

test('a reply Telegram refuses shows failed with the reason, and Retry delivers it', async ({ page, relay }) => {
  const account = await unroutedAccount(relay, 'Retry bot');
  const chatId = uniqueChatId();
  const name = unique('Rita');
  await post(
    account,
    telegramTextUpdate({ chatId, messageId: 1, text: 'Can you call me back?', from: { first_name: name } }),
  );
  await expect.poll(() => conversationsWith(relay, name)).toHaveLength(1);
  const [id] = await conversationsWith(relay, name);

  await signIn(page, relay, 'alice@demo.test');
  const thread = await openConversation(page, relay, id as string);
  relay.telegram.refuseChat(chatId, 'Forbidden: bot was blocked by the user');
  try {
    await page.getByLabel('Reply', { exact: true }).fill('Sure, expect a call within the hour.');
    await page.getByLabel('Reply', { exact: true }).press('Enter');
    const reply = thread.locator('[data-testid="message"][data-direction="outbound"]', {
      hasText: 'Sure, expect a call within the hour.',
    });
    await expect(reply).toHaveAttribute('data-status', 'failed', { timeout: 15_000 });
    await expect(reply.getByTestId('delivery-failure')).toContainText(
      'Not delivered: Telegram: Forbidden: bot was blocked by the user',
    );

    relay.telegram.refuseChat(chatId, null);
    await reply.getByRole('button', { name: 'Retry' }).click();
    await expect(reply).toHaveAttribute('data-status', 'sent', { timeout: 15_000 });
    await expect(reply.getByTestId('delivery-failure')).toHaveCount(0);
    const sends = relay.telegram.requests.filter(
      (request) => (request.body as { text?: unknown }).text === 'Sure, expect a call within the hour.',
    );
    expect(sends).toHaveLength(2);
  } finally {
    relay.telegram.refuseChat(chatId, null);
  }
});

test('a new message in another, unassigned conversation raises a desktop notification', async ({ page, relay }) => {
  await page.context().grantPermissions(['notifications'], { origin: relay.url });
  // Record what the page shows instead of asking the desktop.
  await page.addInitScript(() => {
    const shown: { title: string; body?: string; tag?: string }[] = [];
    class RecordingNotification {
      static permission: NotificationPermission = 'granted';
      static requestPermission = async (): Promise<NotificationPermission> => 'granted';
      onclick: (() => void) | null = null;
      constructor(title: string, options: NotificationOptions = {}) {
        shown.push({ title, body: options.body, tag: options.tag });
      }
      close() {}
    }
    Object.assign(window, { Notification: RecordingNotification, shownNotifications: shown });
  });
  const shown = () => page.evaluate(() => (window as unknown as { shownNotifications: unknown[] }).shownNotifications);

  const account = await unroutedAccount(relay, 'Alerts bot');
  const openName = unique('Olga');
  const otherName = unique('Nikolai');
  const openChat = uniqueChatId();
  await post(
    account,
    telegramTextUpdate({ chatId: openChat, messageId: 1, text: 'First', from: { first_name: openName } }),
  );
  await expect.poll(() => conversationsWith(relay, openName)).toHaveLength(1);
  const [openId] = await conversationsWith(relay, openName);

  await signIn(page, relay, 'carol@demo.test');
  const desktop = page.getByRole('button', { name: 'Desktop' });
  await desktop.click();
  await expect(desktop).toHaveAttribute('aria-pressed', 'true');
  await openConversation(page, relay, openId as string);
  await expect(desktop).toHaveAttribute('aria-pressed', 'true');

  try {
    // The open conversation in a visible tab is being read: no notification for it.
    await post(
      account,
      telegramTextUpdate({ chatId: openChat, messageId: 2, text: 'Still there?', from: { first_name: openName } }),
    );
    await post(
      account,
      telegramTextUpdate({
        chatId: uniqueChatId(),
        messageId: 1,
        text: 'Is the store open today?',
        from: { first_name: otherName },
      }),
    );
    await expect
      .poll(shown)
      .toContainEqual({ title: otherName, body: 'Is the store open today?', tag: expect.any(String) });
    expect(await shown()).not.toContainEqual(expect.objectContaining({ title: openName }));
    const [otherId] = await conversationsWith(relay, otherName);
    expect(await shown()).toContainEqual(expect.objectContaining({ title: otherName, tag: otherId }));
  } finally {
    await desktop.click();
    await expect(desktop).toHaveAttribute('aria-pressed', 'false');
  }
});

test('the client panel shows the Telegram identity and a past conversation, and merges a duplicate', async ({
  page,
  relay,
}) => {
  // One person writing to two of our bots is one client with two conversations.
  const first = await unroutedAccount(relay, 'Shop bot');
  const second = await unroutedAccount(relay, 'Support bot');
  const chatId = uniqueChatId();
  const name = unique('Ingrid');
  const from = { first_name: name, username: `ingrid_${chatId}` };
  await post(first, telegramTextUpdate({ chatId, messageId: 1, text: 'Order question', from }));
  await expect.poll(() => conversationsWith(relay, name)).toHaveLength(1);
  const [pastId] = await conversationsWith(relay, name);
  await post(second, telegramTextUpdate({ chatId, messageId: 1, text: 'Another question', from }));
  await expect.poll(() => conversationsWith(relay, name)).toHaveLength(2);
  const currentId = (await conversationsWith(relay, name)).find((id) => id !== pastId) as string;
  // The same person again, from another Telegram account: a duplicate client to merge.
  const duplicate = unique('Ingrid (work)');
  const duplicateChat = uniqueChatId();
  await post(
    first,
    telegramTextUpdate({ chatId: duplicateChat, messageId: 1, text: 'Hi', from: { first_name: duplicate } }),
  );
  await expect.poll(() => conversationsWith(relay, duplicate)).toHaveLength(1);

  await signIn(page, relay, 'supervisor@demo.test');
  await openConversation(page, relay, currentId);
  const panel = page.getByRole('complementary', { name: 'Client details' });
  // Open by default on a wide window; the header's toggle hides and shows it.
  await expect(panel).toBeVisible();
  const toggle = page.getByRole('button', { name: 'Client info' });
  await toggle.click();
  await expect(panel).toHaveCount(0);
  await toggle.click();
  await expect(panel).toBeVisible();

  await expect(panel.getByTestId('client-name')).toHaveText(name);
  const identity = panel.getByTestId('client-identity');
  await expect(identity).toHaveCount(1);
  await expect(identity).toContainText('Telegram');
  await expect(identity).toContainText(String(chatId));
  await expect(identity).toContainText(`@ingrid_${chatId}`);
  const conversations = panel.getByTestId('client-conversation');
  await expect(conversations).toHaveCount(2);
  await expect(panel.locator(`a[href="/inbox?c=${currentId}"]`)).toHaveAttribute('aria-current', 'true');

  await panel.getByLabel('New attribute name').fill('plan');
  await panel.getByLabel('New attribute value').fill('gold');
  await panel.getByRole('button', { name: 'Add' }).click();
  await expect(panel.getByTestId('client-attribute').filter({ hasText: 'plan' })).toContainText('gold');

  await panel.getByLabel('Find the other client').fill(duplicate);
  await panel
    .getByTestId('merge-candidate')
    .filter({ hasText: duplicate })
    .getByRole('button', { name: 'Merge…' })
    .click();
  await expect(panel.getByRole('group', { name: 'Confirm the merge' })).toContainText('This cannot be undone.');
  await panel.getByRole('button', { name: 'Merge', exact: true }).click();
  await expect(panel.getByRole('status')).toContainText(`Merged ${duplicate} into ${name}`);
  await expect(panel.getByTestId('client-identity')).toHaveCount(2);
  await expect(conversations).toHaveCount(3);

  // A past conversation is a link into the inbox.
  await panel.locator(`a[href="/inbox?c=${pastId}"]`).click();
  await expect(page).toHaveURL(new RegExp(`[?&]c=${pastId}`));
  await expect(page.getByRole('region', { name: 'Conversation', exact: true })).toHaveAttribute(
    'data-conversation-id',
    pastId as string,
  );
});
