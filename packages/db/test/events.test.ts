import { describe, expect, inject, it } from 'vitest';
import { appendEvent, createDb, createTenant, latestSeq, readEvents, withTenant } from '../src/index.ts';
import { uniqueSlug, useTestDb } from '../src/testing/index.ts';

const sql = useTestDb();

const WRITERS = 20;
const TRANSACTIONS_PER_WRITER = 8;

function pause(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

class Rollback extends Error {}

describe('the event log', () => {
  it('stays gapless and in commit order under 20 concurrent writers, some of which roll back', async () => {
    const tenant = await createTenant(sql, { name: 'Gapless', slug: uniqueSlug('gap') });
    // The reader has its own pool so the writers cannot starve it.
    const readerSql = createDb({ url: inject('databaseUrl'), max: 1 });
    let committed = 0;
    let writing = true;

    const writer = async (w: number) => {
      for (let t = 0; t < TRANSACTIONS_PER_WRITER; t++) {
        const events = 1 + ((w + t) % 3);
        const rollBack = (w * 7 + t) % 5 === 0;
        try {
          await withTenant(sql, tenant.id, async (tx) => {
            for (let e = 0; e < events; e++) {
              await appendEvent(tx, tenant.id, { type: 'test.appended', payload: { w, t, e } });
              // Hold the transaction open so commits interleave with reads.
              await tx`select pg_sleep(${(w % 4) / 1000})`;
            }
            if (rollBack) throw new Rollback();
          });
          committed += events;
        } catch (error) {
          if (!(error instanceof Rollback)) throw error;
        }
      }
    };

    // Reads "after the last seq seen" while writers commit. Any batch that does
    // not start right after what it saw would be a skipped event.
    const seen: number[] = [];
    const reader = async () => {
      let last = 0;
      while (writing || last < committed) {
        const batch = await withTenant(readerSql, tenant.id, (tx) => readEvents(tx, tenant.id, last, 50));
        for (const event of batch) {
          expect(event.seq).toBe(last + 1);
          last = event.seq;
          seen.push(event.seq);
        }
        if (batch.length === 0) await pause(2);
      }
    };

    try {
      const readerDone = reader();
      await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
      writing = false;
      await readerDone;
    } finally {
      await readerSql.end();
    }

    expect(committed).toBeGreaterThan(WRITERS * TRANSACTIONS_PER_WRITER);
    expect(seen).toEqual(Array.from({ length: committed }, (_, i) => i + 1));
    const all = await withTenant(sql, tenant.id, (tx) => readEvents(tx, tenant.id, 0, 10_000));
    expect(all.map((e) => e.seq)).toEqual(seen);
    expect(await withTenant(sql, tenant.id, (tx) => latestSeq(tx, tenant.id))).toBe(committed);
  });

  it('counts each tenant separately', async () => {
    const one = await createTenant(sql, { name: 'One', slug: uniqueSlug('seq') });
    const two = await createTenant(sql, { name: 'Two', slug: uniqueSlug('seq') });
    for (const tenant of [one, two, one]) {
      await withTenant(sql, tenant.id, (tx) => appendEvent(tx, tenant.id, { type: 'test.appended', payload: {} }));
    }
    const seqs = async (id: string) => (await withTenant(sql, id, (tx) => readEvents(tx, id, 0, 10))).map((e) => e.seq);
    expect(await seqs(one.id)).toEqual([1, 2]);
    expect(await seqs(two.id)).toEqual([1]);
  });

  it('returns the stored envelope fields and pages by limit', async () => {
    const tenant = await createTenant(sql, { name: 'Envelope', slug: uniqueSlug('env') });
    const conversationId = '00000000-0000-4000-8000-000000000001';
    const appended = await withTenant(sql, tenant.id, async (tx) => [
      await appendEvent(tx, tenant.id, {
        type: 'conversation.updated',
        conversationId,
        audience: { queueId: null, operatorIds: ['x'] },
        payload: { status: 'open' },
      }),
      await appendEvent(tx, tenant.id, { type: 'operator.updated', payload: { availability: 'away' } }),
    ]);
    expect(appended[0]).toMatchObject({
      tenantId: tenant.id,
      seq: 1,
      type: 'conversation.updated',
      conversationId,
      audience: { queueId: null, operatorIds: ['x'] },
      payload: { status: 'open' },
    });
    expect(appended[0]?.createdAt).toBeInstanceOf(Date);
    const firstPage = await withTenant(sql, tenant.id, (tx) => readEvents(tx, tenant.id, 0, 1));
    expect(firstPage.map((e) => e.seq)).toEqual([1]);
    const rest = await withTenant(sql, tenant.id, (tx) => readEvents(tx, tenant.id, 1, 10));
    expect(rest.map((e) => e.type)).toEqual(['operator.updated']);
  });

  it('refuses to append for a tenant the transaction is not bound to', async () => {
    const mine = await createTenant(sql, { name: 'Mine', slug: uniqueSlug('own') });
    const theirs = await createTenant(sql, { name: 'Theirs', slug: uniqueSlug('own') });
    await expect(
      withTenant(sql, mine.id, (tx) => appendEvent(tx, theirs.id, { type: 'test.appended', payload: {} })),
    ).rejects.toThrow();
    expect(await latestSeq(sql, theirs.id)).toBe(0);
  });
});
