// kill -9 of the API while webhooks stream in (issue 14): a webhook is
// answered 200 only after the batch holding it committed, so every one
// answered 200 is stored, exactly once, whatever the batch was doing when the
// process died; what the dead process had not committed is rolled back whole
// (no message without its counters and events), and seqs stay gapless.
import { fileURLToPath } from 'node:url';
import { telegramTextUpdate } from '@relay/channels/testing';
import { testPoolMax, useTestDb } from '@relay/db/testing';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { killChildEntries, listeningPort, startChildEntry } from '../src/testing/index.ts';
import { gaplessSeqs, telegramTenant } from './support/telegram-tenant.ts';

const ENTRY = fileURLToPath(new URL('../src/index.ts', import.meta.url));
const admin = useTestDb();
afterAll(killChildEntries);

const WEBHOOKS = 600;
const IN_FLIGHT = 40;
const KILL_AFTER_ACKS = 150;

describe('the API killed mid-batch', () => {
  it('loses no acknowledged webhook and leaves no half-written batch', async () => {
    const tenant = await telegramTenant(admin, 'GC crash');
    const api = startChildEntry(ENTRY, {
      DATABASE_URL: inject('databaseUrl'),
      DATABASE_POOL_MAX: String(testPoolMax()),
    });
    const port = await listeningPort(api);

    const acked: string[] = [];
    let killed = false;
    let next = 0;
    const chats = [8_100_001, 8_100_002, 8_100_003, 8_100_004, 8_100_005];
    const sender = async () => {
      while (next < WEBHOOKS) {
        const n = next++;
        const chatId = chats[n % chats.length] as number;
        const update = telegramTextUpdate({ chatId, messageId: n + 1, text: `crash ${n}` });
        try {
          const reply = await fetch(`http://127.0.0.1:${port}/webhooks/telegram/${tenant.token}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': tenant.secret },
            body: JSON.stringify(update),
          });
          await reply.arrayBuffer();
          if (reply.status === 200) acked.push(`${chatId}:${n + 1}`);
        } catch {
          // The connection died with the process: not acknowledged, so the provider would retry it.
        }
        if (!killed && acked.length >= KILL_AFTER_ACKS) {
          killed = true;
          api.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, sender));
    expect(killed).toBe(true);
    expect(await api.exited).toBeNull(); // killed by the signal

    const stored = await admin<{ externalMessageId: string; n: number }[]>`
      select external_message_id, count(*)::int as n from messages
       where tenant_id = ${tenant.tenantId} group by external_message_id`;
    const counts = new Map(stored.map((row) => [row.externalMessageId, row.n]));
    expect(acked.filter((id) => counts.get(id) !== 1)).toEqual([]);
    expect(stored.length).toBeGreaterThanOrEqual(acked.length);

    // Whole batches or nothing: every stored message is counted on its conversation and has its event.
    const [totals] = await admin<{ counted: number; created: number }[]>`
      select (select coalesce(sum(message_count), 0)::int from conversations where tenant_id = ${tenant.tenantId})
               as counted,
             (select count(*)::int from events where tenant_id = ${tenant.tenantId} and type = 'message.created')
               as created`;
    expect(totals).toEqual({ counted: stored.length, created: stored.length });
    const seqs = await gaplessSeqs(admin, tenant.tenantId);
    expect(seqs.count).toBe(seqs.max);
    expect(seqs.counter).toBe(seqs.max);
  });
});
