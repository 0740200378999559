// Conversation actions and inbox filters in real browsers against the real
// standalone server: Alice hands a conversation to Bob from the thread header
// and it leaves her Mine and arrives in his, both live; then search, tag and
// status filters narrow the list (and survive a reload), and priority, a tag,
// snooze and resolve change the conversation where the list can see it.
import type { Page } from '@playwright/test';
import { hasChromium, NO_CHROMIUM } from '../support/chromium.ts';
import { expect, type Relay, test } from '../support/relay.ts';
import { signIn } from '../support/sign-in.ts';
import { createTelegramAccount, postTelegramText, type TelegramAccount, uniqueChatId } from '../support/telegram.ts';

test.skip(!hasChromium(), NO_CHROMIUM);

let account: TelegramAccount | undefined;

/** A new customer writes in; the name is unique to this run, and the conversation's id comes back. */
async function customerWrites(relay: Relay, first: string, text: string) {
  account ??= await createTelegramAccount(relay, 'Inbox actions bot');
  const chatId = uniqueChatId();
  const name = `${first} ${chatId}`;
  await postTelegramText(account, { chatId, messageId: 1, text, firstName: name });
  const supervisor = await relay.token('supervisor@demo.test');
  const found = await relay.api<{ items: { id: string }[] }>(
    supervisor,
    'GET',
    `/conversations?view=all&q=${encodeURIComponent(name)}`,
  );
  const id = found.items[0]?.id;
  if (!id) throw new Error(`no conversation for ${name}`);
  return { name, id };
}

async function operatorId(relay: Relay, email: string): Promise<string> {
  const me = await relay.api<{ id: string }>(await relay.token(email), 'GET', '/me');
  return me.id;
}

const rowOf = (page: Page, name: string) =>
  page.getByRole('list', { name: 'Conversations' }).getByRole('listitem').filter({ hasText: name });

/** A mark on the page's window: still there later means the page was never reloaded. */
async function markPage(page: Page) {
  await page.evaluate(() => {
    (window as unknown as { __sameDocument: boolean }).__sameDocument = true;
  });
}
const sameDocument = (page: Page) =>
  page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument === true);

test('alice assigns her conversation to Bob from the header: it leaves her Mine and appears in his, live', async ({
  page,
  browser,
  relay,
}) => {
  const bobContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const bobPage = await bobContext.newPage();
    await signIn(page, relay, 'alice@demo.test');
    await signIn(bobPage, relay, 'bob@demo.test');
    await markPage(page);
    await markPage(bobPage);

    // Routing may already have given it to someone online: the supervisor gives it to Alice either way.
    const { name, id } = await customerWrites(relay, 'Nadia', 'Can someone look at my refund?');
    const supervisor = await relay.token('supervisor@demo.test');
    await relay.api(supervisor, 'POST', `/conversations/${id}/assign`, {
      operatorId: await operatorId(relay, 'alice@demo.test'),
    });

    // Both are on Mine (the default view): it is Alice's, not Bob's.
    await expect(rowOf(page, name)).toBeVisible();
    await expect(rowOf(bobPage, name)).toHaveCount(0);

    await rowOf(page, name).click();
    const thread = page.getByRole('region', { name: 'Conversation', exact: true });
    await expect(thread.getByTestId('conversation-assignee')).toHaveText('Assignee: You');
    await thread.getByLabel('Assignee').selectOption(await operatorId(relay, 'bob@demo.test'));

    await expect(thread.getByTestId('conversation-assignee')).toHaveText('Assignee: Bob Petrov');
    await expect(rowOf(page, name)).toHaveCount(0);
    await expect(rowOf(bobPage, name)).toBeVisible();
    expect(await sameDocument(page)).toBe(true);
    expect(await sameDocument(bobPage)).toBe(true);
  } finally {
    await bobContext.close();
  }
});

test('filters narrow the list and survive a reload; priority, a tag, snooze and resolve show where they should', async ({
  page,
  relay,
}, testInfo) => {
  const olga = await customerWrites(relay, 'Olga', 'My parcel came damaged');
  const pavel = await customerWrites(relay, 'Pavel', 'Do you ship to Minsk?');
  const supervisor = await relay.token('supervisor@demo.test');
  const tagName = `damaged-${olga.name.split(' ')[1]}`;
  await relay.api(supervisor, 'POST', '/tags', { name: tagName, color: '#c2410c' });

  await signIn(page, relay, 'alice@demo.test');
  await page.getByRole('tab', { name: 'All' }).click();
  await expect(rowOf(page, olga.name)).toBeVisible();
  await expect(rowOf(page, pavel.name)).toBeVisible();

  // Search by the client's name narrows the list; the URL keeps it through a reload.
  const search = page.getByRole('searchbox', { name: 'Search conversations' });
  await search.fill(olga.name);
  await expect(rowOf(page, pavel.name)).toHaveCount(0);
  await expect(rowOf(page, olga.name)).toBeVisible();
  await expect(page).toHaveURL(/[?&]q=/);
  await page.reload();
  await expect(page.getByRole('searchbox', { name: 'Search conversations' })).toHaveValue(olga.name);
  await expect(page.getByRole('tab', { name: 'All' })).toHaveAttribute('aria-selected', 'true');
  await expect(rowOf(page, olga.name)).toBeVisible();
  await expect(rowOf(page, pavel.name)).toHaveCount(0);

  // Priority and a tag, set from the header, show in the header and in the row.
  await rowOf(page, olga.name).click();
  const thread = page.getByRole('region', { name: 'Conversation', exact: true });
  await expect(thread.getByRole('heading', { name: olga.name })).toBeVisible();
  await thread.getByLabel('Priority').selectOption({ label: 'High priority' });
  await expect(rowOf(page, olga.name).getByTestId('row-priority')).toHaveText('High');
  await thread.getByTestId('tag-editor-button').click();
  await page.getByRole('dialog', { name: 'Edit tags' }).getByRole('checkbox', { name: tagName }).check();
  await expect(thread.getByTestId('tag-chip').filter({ hasText: tagName })).toBeVisible();
  await expect(rowOf(page, olga.name).getByTestId('tag-chip').filter({ hasText: tagName })).toBeVisible();
  await page.keyboard.press('Escape');

  // Escape clears the search; the tag filter narrows instead.
  await page.getByRole('searchbox', { name: 'Search conversations' }).press('Escape');
  await expect(rowOf(page, pavel.name)).toBeVisible();
  await page.getByLabel('Tag', { exact: true }).selectOption({ label: tagName });
  await expect(rowOf(page, pavel.name)).toHaveCount(0);
  await expect(rowOf(page, olga.name)).toBeVisible();

  // Only new and open conversations: snoozing takes it out of the list, live.
  await page.getByTestId('status-filter').click();
  const statuses = page.getByRole('dialog', { name: 'Status filter' });
  await statuses.getByRole('checkbox', { name: 'Pending' }).uncheck();
  await statuses.getByRole('checkbox', { name: 'Snoozed' }).uncheck();
  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(/[?&]status=new%2Copen/);
  await expect(rowOf(page, olga.name)).toBeVisible();
  await thread.getByRole('button', { name: 'Snooze…' }).click();
  await page.getByRole('dialog', { name: 'Snooze until' }).getByRole('button', { name: '1 hour' }).click();
  await expect(thread.getByTestId('conversation-status')).toHaveText('snoozed');
  await expect(thread.getByTestId('snoozed-until')).toBeVisible();
  await expect(rowOf(page, olga.name)).toHaveCount(0);
  await expect(page.getByText('No conversations match these filters')).toBeVisible();

  // Without filters snoozed conversations are listed, and say so; resolving takes it out.
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page).not.toHaveURL(/[?&](status|tag|q)=/);
  await expect(rowOf(page, olga.name)).toContainText('snoozed');
  await expect(rowOf(page, pavel.name)).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('inbox-actions.png'), fullPage: true });
  await thread.getByRole('button', { name: 'Resolve' }).click();
  await expect(thread.getByTestId('conversation-status')).toHaveText('resolved');
  await expect(rowOf(page, olga.name)).toHaveCount(0);
  await expect(thread.getByRole('button', { name: 'Reopen' })).toBeVisible();

  // A narrow window stacks the panes; the filters and the actions stay in reach.
  await page.setViewportSize({ width: 820, height: 900 });
  await expect(page.getByRole('searchbox', { name: 'Search conversations' })).toBeVisible();
  await expect(thread.getByLabel('Priority')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('inbox-actions-narrow.png'), fullPage: true });
});
