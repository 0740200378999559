// Group-commit ingest (issue 14): webhooks that arrive while a batch is in
// flight are stored together by the next one. The batcher is driven directly
// where the test needs to know which deliveries share a batch: submissions
// made in one synchronous run all queue before the first batch can commit,
// so the first goes alone and the rest form the next batches, with no timing
// involved. The HTTP test sends 1,000 webhooks at once over 20 tenants.
import { type InboundEvent, parseTelegramUpdate } from '@relay/channels';
import { telegramLocationUpdate, telegramPhotoUpdate, telegramTextUpdate } from '@relay/channels/testing';
import type { EventRow } from '@relay/db';
import { InboxError, type IngestResult } from '@relay/inbox';
import { describe, expect, it } from 'vitest';
import { createIngestBatcher } from '../src/ingest/ingest-batcher.ts';
import { config, useApi } from './support/api-harness.ts';
import { gaplessSeqs, telegramTenant as makeTenant, type TelegramTenant } from './support/telegram-tenant.ts';

// The burst below queues 1,000 requests at once; on a loaded 2-core machine the last of them may wait
// longer than the default request deadline (statement timeout + 500 ms), which would shed it with a
// 503, as it should in production. This file is about what is stored, so its deadline is far away.
const api = useApi({
  config: { ...config, database: { ...config.database, statementTimeoutMs: 300_000 } },
});

type Tenant = TelegramTenant;
const telegramTenant = (name: string, maxDialogs?: number) => makeTenant(api.sql, name, maxDialogs);

let nextChat = 7_000_000;

function textEvents(chatId: number, messageId: number, text = `hello ${messageId}`): InboundEvent[] {
  return parseTelegramUpdate(telegramTextUpdate({ chatId, messageId, text }));
}

/** A batcher on the test's database whose publisher records each batch's events (one publish per commit). */
function recordingBatcher(maxBatchEvents?: number, concurrency?: number) {
  const batches: EventRow[][] = [];
  const publishErrors: unknown[] = [];
  let retries = 0;
  const batcher = createIngestBatcher(
    {
      sql: api.sql,
      publisher: { publish: async (events) => void batches.push(events) },
      onPublishError: (error) => void publishErrors.push(error),
    },
    { maxBatchEvents, concurrency, metrics: { batchRetries: { inc: () => void retries++ } } },
  );
  return { batcher, batches, publishErrors, retries: () => retries };
}

async function storedCount(tenantId: string, externalIds: string[]) {
  const [row] = await api.sql<{ n: number }[]>`
    select count(*)::int as n from messages
     where tenant_id = ${tenantId} and external_message_id = any(${externalIds})`;
  return row?.n ?? 0;
}

async function expectGaplessSeqs(tenantId: string) {
  const seqs = await gaplessSeqs(api.sql, tenantId);
  expect(seqs.count).toBe(seqs.max);
  expect(seqs.counter).toBe(seqs.max);
  return seqs.max;
}

const tenantsOf = (events: EventRow[]) => [...new Set(events.map((e) => e.tenantId))].sort();

describe('group-commit ingest', () => {
  it('stores 1,000 concurrent webhooks over 20 tenants exactly once, every tenant gapless, none refused', async () => {
    const tenants = await Promise.all(Array.from({ length: 20 }, (_, i) => telegramTenant(`GC ${i}`)));
    // 50 webhooks per tenant: 10 chats × 4 messages, plus 10 repeats of messages already in the list.
    const posts: { tenant: Tenant; update: unknown; externalId: string }[] = [];
    for (const tenant of tenants) {
      const chats = Array.from({ length: 10 }, () => nextChat++);
      for (const chatId of chats) {
        for (let m = 1; m <= 4; m++) {
          const update = telegramTextUpdate({ chatId, messageId: m, text: `m ${m}` });
          posts.push({ tenant, update, externalId: `${chatId}:${m}` });
          if (m === 2) posts.push({ tenant, update, externalId: `${chatId}:${m}` });
        }
      }
    }
    expect(posts).toHaveLength(1000);
    const replies = await Promise.all(
      posts.map(({ tenant, update }) =>
        api.call('POST', `/webhooks/telegram/${tenant.token}`, {
          raw: JSON.stringify(update),
          headers: { 'x-telegram-bot-api-secret-token': tenant.secret },
        }),
      ),
    );
    expect(replies.map((r) => r.status)).toEqual(posts.map(() => 200));
    expect(replies.reduce((n, r) => n + r.body.stored, 0)).toBe(800);
    expect(replies.reduce((n, r) => n + r.body.duplicates, 0)).toBe(200);

    for (const tenant of tenants) {
      const rows = await api.sql<{ externalMessageId: string; n: number }[]>`
        select external_message_id, count(*)::int as n from messages
         where tenant_id = ${tenant.tenantId} group by external_message_id`;
      expect(rows).toHaveLength(40);
      expect(rows.every((r) => r.n === 1)).toBe(true);
      await expectGaplessSeqs(tenant.tenantId);
      const types = await api.sql<{ type: string; n: number }[]>`
        select type, count(*)::int as n from events where tenant_id = ${tenant.tenantId} group by type order by type`;
      expect(Object.fromEntries(types.map((t) => [t.type, t.n]))).toMatchObject({
        'conversation.created': 10,
        'message.created': 40,
      });
      const [counts] = await api.sql<{ conversations: number; messages: number }[]>`
        select count(*)::int as conversations, sum(message_count)::int as messages
          from conversations where tenant_id = ${tenant.tenantId}`;
      expect(counts).toEqual({ conversations: 10, messages: 40 });
    }
  });

  it('gathers what arrives during a batch into the next, taking tenants round robin within the cap', async () => {
    const [a, b, c] = await Promise.all([telegramTenant('GC A'), telegramTenant('GC B'), telegramTenant('GC C')]);
    const { batcher, batches } = recordingBatcher(6);
    const chat = { a: nextChat++, b: nextChat++, c: nextChat++ };
    const submitted: Promise<IngestResult>[] = [];
    for (let i = 1; i <= 12; i++) submitted.push(batcher.submit({ account: a.account, events: textEvents(chat.a, i) }));
    for (let i = 1; i <= 2; i++) submitted.push(batcher.submit({ account: b.account, events: textEvents(chat.b, i) }));
    for (let i = 1; i <= 2; i++) submitted.push(batcher.submit({ account: c.account, events: textEvents(chat.c, i) }));
    const results = await Promise.all(submitted);
    expect(results.every((r) => r.stored === 1 && r.duplicates === 0)).toBe(true);

    // The first went alone (nothing waited yet); the 15 that queued behind it went 6, 6, 3, and
    // the second batch took B's and C's deliveries (A, B, C, A, B, C) though A queued 11 before them.
    expect(batches.map((events) => events.filter((e) => e.type === 'message.created').length)).toEqual([1, 6, 6, 3]);
    expect(tenantsOf(batches[0] as EventRow[])).toEqual([a.tenantId]);
    expect(tenantsOf(batches[1] as EventRow[])).toEqual([a.tenantId, b.tenantId, c.tenantId].sort());
    expect(tenantsOf(batches[2] as EventRow[])).toEqual([a.tenantId]);
    expect(tenantsOf(batches[3] as EventRow[])).toEqual([a.tenantId]);
    // A's messages keep their arrival order in the thread.
    const thread = await api.sql<{ externalMessageId: string }[]>`
      select external_message_id from messages where tenant_id = ${a.tenantId} order by created_at, id`;
    expect(thread.map((m) => m.externalMessageId)).toEqual(Array.from({ length: 12 }, (_, i) => `${chat.a}:${i + 1}`));
    for (const t of [a, b, c]) await expectGaplessSeqs(t.tenantId);
  });

  it('runs batches side by side, a tenant in one batch at a time, each tenant in arrival order', async () => {
    const tenants = await Promise.all(['A', 'B', 'C', 'D'].map((n) => telegramTenant(`GC side ${n}`)));
    const { batcher, batches } = recordingBatcher(undefined, 3);
    const chats = tenants.map(() => nextChat++);
    const submitted: Promise<IngestResult>[] = [];
    for (let i = 1; i <= 5; i++) {
      for (const [t, tenant] of tenants.entries()) {
        submitted.push(batcher.submit({ account: tenant.account, events: textEvents(chats[t] as number, i) }));
      }
    }
    // The first three arrivals (A, B, C) each started a batch at once; the other 17 wait.
    expect(batcher.waiting()).toBe(17);
    const results = await Promise.all(submitted);
    expect(results.every((r) => r.stored === 1 && r.duplicates === 0)).toBe(true);
    for (const [t, tenant] of tenants.entries()) {
      // Commit order (seq) is arrival order within a tenant.
      const created = batches
        .flat()
        .filter((e) => e.tenantId === tenant.tenantId && e.type === 'message.created')
        .sort((x, y) => x.seq - y.seq)
        .map((e) => (e.payload as { message: { externalMessageId: string } }).message.externalMessageId);
      expect(created).toEqual([1, 2, 3, 4, 5].map((i) => `${chats[t]}:${i}`));
      await expectGaplessSeqs(tenant.tenantId);
    }
  });

  it('fails a poisoned delivery alone with its own error while the rest of its batch commits', async () => {
    const good = await telegramTenant('GC good');
    const full = await telegramTenant('GC full', 1);
    const { batcher, retries } = recordingBatcher();
    const chats = [nextChat++, nextChat++, nextChat++, nextChat++];
    // The full tenant's one conversation this month: its next new chat is refused.
    expect((await batcher.submit({ account: full.account, events: textEvents(nextChat++, 1) })).stored).toBe(1);
    const settled = await Promise.allSettled([
      batcher.submit({ account: good.account, events: textEvents(chats[0] as number, 1) }),
      batcher.submit({ account: good.account, events: textEvents(chats[1] as number, 1) }),
      batcher.submit({ account: full.account, events: textEvents(chats[2] as number, 1) }),
      batcher.submit({ account: good.account, events: textEvents(chats[3] as number, 1) }),
    ]);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const poisoned = settled[2] as PromiseRejectedResult;
    expect(poisoned.reason).toBeInstanceOf(InboxError);
    expect((poisoned.reason as InboxError).code).toBe('plan_limit_reached');
    expect(retries()).toBe(1);
    expect(await storedCount(good.tenantId, [`${chats[0]}:1`, `${chats[1]}:1`, `${chats[3]}:1`])).toBe(3);
    expect(await storedCount(full.tenantId, [`${chats[2]}:1`])).toBe(0);
    const [conversations] = await api.sql<{ n: number }[]>`
      select count(*)::int as n from conversations where tenant_id = ${full.tenantId}`;
    expect(conversations?.n).toBe(1);
    expect(await expectGaplessSeqs(good.tenantId)).toBeGreaterThan(0);
    expect(await expectGaplessSeqs(full.tenantId)).toBe(2); // the first chat's conversation.created and message.created
  });

  it('makes one message of a provider id repeated within a batch and across batches', async () => {
    const tenant = await telegramTenant('GC dup');
    const { batcher, batches } = recordingBatcher();
    const chatId = nextChat++;
    const same = () => batcher.submit({ account: tenant.account, events: textEvents(chatId, 1, 'once') });
    // The first goes alone; the next two share the second batch.
    const first = await Promise.all([same(), same(), same()]);
    const later = await same();
    expect([...first, later].map((r) => [r.stored, r.duplicates])).toEqual([
      [1, 0],
      [0, 1],
      [0, 1],
      [0, 1],
    ]);
    expect(batches).toHaveLength(1); // only the first batch wrote anything, so only it published
    expect(await storedCount(tenant.tenantId, [`${chatId}:1`])).toBe(1);
    const [conversation] = await api.sql<{ messageCount: number }[]>`
      select message_count from conversations where tenant_id = ${tenant.tenantId}`;
    expect(conversation?.messageCount).toBe(1);
    // Several messages of one chat in one webhook-batch count once each, in order.
    const many = await Promise.all(
      [1, 2, 3].map((i) => batcher.submit({ account: tenant.account, events: textEvents(chatId, 10 + i) })),
    );
    expect(many.map((r) => r.stored)).toEqual([1, 1, 1]);
    const [after] = await api.sql<{ messageCount: number }[]>`
      select message_count from conversations where tenant_id = ${tenant.tenantId}`;
    expect(after?.messageCount).toBe(4);
    await expectGaplessSeqs(tenant.tenantId);
  });

  it('publishes the rows as stored: each message and conversation the events carry reads back the same', async () => {
    // The insert and the counters are not waited for: the events' rows are built from what the
    // batch sent and the transaction's now(), so they must equal what a read gives afterwards.
    const tenant = await telegramTenant('GC rows');
    const { batcher, batches } = recordingBatcher();
    const [known, fresh] = [nextChat++, nextChat++];
    await batcher.submit({ account: tenant.account, events: textEvents(known, 1) });
    const withMetadata = (events: InboundEvent[]) =>
      events.map((event) =>
        event.kind === 'message'
          ? {
              ...event,
              metadata: {
                ...event.metadata,
                reply_markup: { inline_keyboard: [[{ callback_data: 'x_1', text: 'Yes' }]] },
                skipped: undefined,
                score_: 1.5,
              },
            }
          : event,
      );
    await Promise.all([
      batcher.submit({ account: tenant.account, events: withMetadata(textEvents(known, 2)) }),
      batcher.submit({
        account: tenant.account,
        events: parseTelegramUpdate(telegramPhotoUpdate({ chatId: known, messageId: 3, caption: 'look' })),
      }),
      batcher.submit({
        account: tenant.account,
        events: parseTelegramUpdate(
          telegramLocationUpdate({ chatId: fresh, messageId: 1, latitude: 55.75, longitude: 37.62 }),
        ),
      }),
      batcher.submit({ account: tenant.account, events: textEvents(fresh, 2) }),
    ]);
    const published = batches.flat().filter((event) => event.tenantId === tenant.tenantId);
    const created = published.filter((event) => event.type === 'message.created');
    expect(created).toHaveLength(5);
    const asJson = (value: unknown) => JSON.parse(JSON.stringify(value));
    for (const event of created) {
      const payload = event.payload as {
        message: { id: string; attachments: unknown[] };
        conversation?: { id: string };
      };
      const [message] =
        await api.sql`select * from messages where tenant_id = ${tenant.tenantId} and id = ${payload.message.id}`;
      const attachments = await api.sql`
        select * from message_attachments where tenant_id = ${tenant.tenantId} and message_id = ${payload.message.id}`;
      expect(asJson(payload.message)).toEqual(asJson({ ...message, attachments }));
      if (payload.conversation) {
        const [row] = await api.sql`
          select * from conversations where tenant_id = ${tenant.tenantId} and id = ${payload.conversation.id}`;
        const { attributes: _attributes, ...conversation } = row as Record<string, unknown>;
        expect(asJson(payload.conversation)).toEqual(asJson(conversation));
      }
    }
    const counted = await api.sql<{ externalChatId: string; messageCount: number }[]>`
      select external_chat_id, message_count from conversations where tenant_id = ${tenant.tenantId}
       order by message_count`;
    expect(counted.map((row) => [row.externalChatId, row.messageCount])).toEqual([
      [String(fresh), 2],
      [String(known), 3],
    ]);
    await expectGaplessSeqs(tenant.tenantId);
  });

  it('counts a message another process stored between the lookup and the insert as a duplicate, never an error', async () => {
    // Two batchers on one database are two API processes; a provider that retries at once can
    // reach both. Whichever commits first stores the message; the other's insert fails on the
    // provider id (nothing waited for its answer, so it cannot skip the row) and its retry finds
    // it stored. Rounds of new chats, where the lookups cannot wait on a conversation's lock.
    const tenant = await telegramTenant('GC race');
    const one = recordingBatcher();
    const other = recordingBatcher();
    for (let round = 0; round < 20; round++) {
      const chatId = nextChat++;
      const events = textEvents(chatId, 1, 'same');
      const settled = await Promise.allSettled([
        one.batcher.submit({ account: tenant.account, events }),
        other.batcher.submit({ account: tenant.account, events }),
      ]);
      expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled']);
      const results = settled.map((s) => (s as PromiseFulfilledResult<IngestResult>).value);
      expect(results.map((r) => r.stored + r.duplicates)).toEqual([1, 1]);
      expect(results.reduce((n, r) => n + r.stored, 0)).toBe(1);
      expect(await storedCount(tenant.tenantId, [`${chatId}:1`])).toBe(1);
    }
    const [counts] = await api.sql<{ conversations: number; messages: number }[]>`
      select count(*)::int as conversations, sum(message_count)::int as messages
        from conversations where tenant_id = ${tenant.tenantId}`;
    expect(counts).toEqual({ conversations: 20, messages: 20 });
    await expectGaplessSeqs(tenant.tenantId);
  });
});
