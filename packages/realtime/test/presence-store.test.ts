// The presence store keeps one expiring entry per socket, in memory and in
// Redis alike: admission within a tenant's socket limit, refresh, removal, and
// a sweep that hands each expired entry to exactly one caller.
import { randomBytes } from 'node:crypto';
import { seedDemoTenant, withTenant } from '@relay/db';
import { uniqueSlug, useTestDb } from '@relay/db/testing';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createPresenceStore, type PresenceSocket, type PresenceStore, presenceKeys } from '../src/presence-store.ts';

const redisUrl = process.env.REDIS_URL;
if (!redisUrl)
  process.stdout.write('packages/realtime presence store: the Redis case is skipped (REDIS_URL is not set)\n');

const sql = useTestDb();

function socketOf(tenantId: string, operatorId: string, deviceId: string): PresenceSocket {
  return { tenantId, operatorId, deviceId, socketId: randomBytes(10).toString('base64url') };
}

async function until(check: () => Promise<boolean>, timeoutMs = 3000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('the condition never held');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function behavesLikePresence(store: () => PresenceStore) {
  it('admits sockets up to the limit per tenant, counting devices per operator', async () => {
    const presence = store();
    const tenant = crypto.randomUUID();
    const [alice, bob] = [crypto.randomUUID(), crypto.randomUUID()];
    const phone = socketOf(tenant, alice, 'phone:1');
    const laptopTabs = [socketOf(tenant, alice, 'laptop'), socketOf(tenant, alice, 'laptop')];
    expect(await presence.admit(phone, 10_000, 3)).toBe(true);
    for (const tab of laptopTabs) expect(await presence.admit(tab, 10_000, 3)).toBe(true);
    expect(await presence.admit(socketOf(tenant, bob, 'pc'), 10_000, 3)).toBe(false);
    // A socket already in is refreshed, not refused.
    expect(await presence.admit(phone, 10_000, 3)).toBe(true);
    expect(await presence.admit(socketOf(crypto.randomUUID(), bob, 'pc'), 10_000, 3)).toBe(true);

    expect(await presence.countSockets(tenant)).toBe(3);
    expect(await presence.liveDevices(tenant)).toEqual(new Map([[alice, 2]]));
    expect((await presence.socketsOf(tenant, alice)).map((s) => s.deviceId).sort()).toEqual([
      'laptop',
      'laptop',
      'phone:1',
    ]);
    expect(await presence.remove(phone)).toBe(true);
    expect(await presence.remove(phone)).toBe(false);
    const bySocket = (a: { socketId: string }, b: { socketId: string }) => (a.socketId < b.socketId ? -1 : 1);
    expect((await presence.socketsOf(tenant, alice)).sort(bySocket)).toEqual(
      laptopTabs.map(({ deviceId, socketId }) => ({ deviceId, socketId })).sort(bySocket),
    );
    expect(await presence.admit(socketOf(tenant, bob, 'pc'), 10_000, 3)).toBe(true);
  });

  it('stops counting an entry nobody refreshes, and sweeps it once', async () => {
    const presence = store();
    const tenant = crypto.randomUUID();
    const alice = crypto.randomUUID();
    const kept = socketOf(tenant, alice, 'kept');
    const dropped = socketOf(tenant, alice, 'dropped');
    await presence.admit(kept, 200, 10);
    await presence.admit(dropped, 200, 10);
    const refresher = setInterval(() => void presence.refresh([kept], 200), 50);
    try {
      await until(async () => (await presence.countSockets(tenant)) === 1);
      // A full tenant counts only live entries, so the expired one no longer takes a place.
      expect(await presence.admit(socketOf(tenant, alice, 'new'), 10_000, 2)).toBe(true);
      const swept = await Promise.all([presence.sweep(), presence.sweep(), presence.sweep()]);
      expect(swept.flat().filter((entry) => entry.tenantId === tenant)).toEqual([dropped]);
      expect(await presence.liveDevices(tenant)).toEqual(new Map([[alice, 2]]));
    } finally {
      clearInterval(refresher);
    }
  });

  it('says which refreshed entries had been swept, and puts them back', async () => {
    const presence = store();
    const tenant = crypto.randomUUID();
    const entry = socketOf(tenant, crypto.randomUUID(), 'phone');
    await presence.admit(entry, 10_000, 10);
    expect(await presence.refresh([entry], 10_000)).toEqual([]);
    await presence.remove(entry);
    expect(await presence.refresh([entry], 10_000)).toEqual([entry]);
    expect(await presence.countSockets(tenant)).toBe(1);
  });

  it('joins live devices with the chosen availability of active operators', async () => {
    const presence = store();
    const tenantId = await seedDemoTenant(sql, {
      slug: uniqueSlug('ps'),
      name: 'Presence',
      encryptionKey: randomBytes(32),
    });
    const ops = await withTenant(sql, tenantId, async (tx) => {
      await tx`update operators set availability = 'away' where tenant_id = ${tenantId} and email = 'bob@demo.test'`;
      await tx`update operators set availability = 'online' where tenant_id = ${tenantId} and email = 'alice@demo.test'`;
      await tx`update operators set is_active = false where tenant_id = ${tenantId} and email = 'carol@demo.test'`;
      return tx<{ id: string; email: string }[]>`select id, email from operators where tenant_id = ${tenantId}`;
    });
    const idOf = (email: string) => ops.find((op) => op.email === email)?.id as string;
    const [alice, bob, carol] = ['alice', 'bob', 'carol'].map((name) => idOf(`${name}@demo.test`)) as string[];
    expect(await presence.onlineOperators(tenantId)).toEqual(new Map());
    for (const entry of [
      socketOf(tenantId, alice as string, 'phone'),
      socketOf(tenantId, alice as string, 'laptop'),
      socketOf(tenantId, bob as string, 'phone'),
      socketOf(tenantId, carol as string, 'phone'),
    ]) {
      await presence.admit(entry, 10_000, 10);
    }
    expect(await presence.onlineOperators(tenantId)).toEqual(
      new Map([
        [alice, { status: 'online', devices: 2 }],
        [bob, { status: 'away', devices: 1 }],
      ]),
    );
  });
}

describe('presence store in memory', () => {
  behavesLikePresence(() => createPresenceStore({ sql }));
});

describe.skipIf(!redisUrl)('presence store in Redis', () => {
  const redis = new Redis(redisUrl ?? 'redis://127.0.0.1:6379', { lazyConnect: true });
  const keyPrefix = `relay-test-${crypto.randomUUID().slice(0, 8)}`;
  afterAll(async () => {
    const keys = await redis.keys(`${keyPrefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });
  behavesLikePresence(() => createPresenceStore({ sql, redis, keyPrefix }));

  it('keeps a sorted set per tenant, scored by expiry, with <operatorId>:<deviceId>:<socketId> members', async () => {
    const presence = createPresenceStore({ sql, redis, keyPrefix });
    const entry = socketOf(crypto.randomUUID(), crypto.randomUUID(), 'web');
    const before = Date.now();
    await presence.admit(entry, 30_000, 10);
    const keys = presenceKeys(keyPrefix);
    const [member, score] = await redis.zrange(keys.tenant(entry.tenantId), 0, -1, 'WITHSCORES');
    expect(member).toBe(`${entry.operatorId}:web:${entry.socketId}`);
    expect(Number(score)).toBeGreaterThanOrEqual(before + 30_000);
    await presence.remove(entry);
    expect(await redis.exists(keys.tenant(entry.tenantId), keys.operator(entry.tenantId, entry.operatorId))).toBe(0);
  });
});
