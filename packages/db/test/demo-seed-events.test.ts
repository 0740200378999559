// The demo tenant's history (npm start's seed) is written as the writers write
// it: every seeded event parses with the one event schema the browser uses, so
// a browser catching up over the demo applies it like live events.
import { randomBytes } from 'node:crypto';
import { relayEvent } from '@relay/contracts';
import { describe, expect, it } from 'vitest';
import { readEvents, seedDemoTenant, withTenant } from '../src/index.ts';
import { uniqueSlug, useTestDb } from '../src/testing/index.ts';

const sql = useTestDb();

describe('the demo seed', () => {
  it('writes events that parse with the realtime event schema', async () => {
    const slug = uniqueSlug('seed');
    const tenantId = await seedDemoTenant(sql, { slug, name: 'Seeded', encryptionKey: randomBytes(32) });
    const events = await withTenant(sql, tenantId, (tx) => readEvents(tx, tenantId, 0, 1000));
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['conversation.created', 'message.created']));
    const failures = events.flatMap((event) => {
      const parsed = relayEvent.safeParse({ type: event.type, data: event.payload });
      return parsed.success ? [] : [{ seq: event.seq, type: event.type, issues: parsed.error.issues }];
    });
    expect(failures).toEqual([]);
  });
});
