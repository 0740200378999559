// Device acks are monotonic, in memory and in Redis alike.
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { type AckStore, ackHashKey, createAckStore } from '../src/ack-store.ts';

const redisUrl = process.env.REDIS_URL;
if (!redisUrl) process.stdout.write('packages/realtime ack store: the Redis case is skipped (REDIS_URL is not set)\n');

function behavesMonotonically(store: () => AckStore) {
  it('keeps the largest seq per operator device', async () => {
    const acks = store();
    const tenant = crypto.randomUUID();
    const op = crypto.randomUUID();
    expect(await acks.lastAckedSeq(tenant, op, 'phone')).toBeNull();
    expect(await acks.record(tenant, op, 'phone', 0)).toBe(0);
    expect(await acks.record(tenant, op, 'phone', 10)).toBe(10);
    expect(await acks.record(tenant, op, 'phone', 4)).toBe(10);
    expect(await acks.record(tenant, op, 'laptop:1', 3)).toBe(3);
    expect(await acks.lastAckedSeq(tenant, op, 'phone')).toBe(10);
    expect(await acks.lastAckedSeq(tenant, op, 'laptop:1')).toBe(3);
    expect(await acks.lastAckedSeq(crypto.randomUUID(), op, 'phone')).toBeNull();
    // The operator's own: the largest over every device, for push fallback's "has anyone of theirs seen it".
    expect(await acks.lastAckedSeqOfOperator(tenant, op)).toBe(10);
    expect(await acks.lastAckedSeqOfOperator(tenant, crypto.randomUUID())).toBeNull();
  });

  it('never regresses under concurrent acks', async () => {
    const acks = store();
    const tenant = crypto.randomUUID();
    const op = crypto.randomUUID();
    const seqs = Array.from({ length: 50 }, (_, i) => (i * 37) % 101);
    await Promise.all(seqs.map((seq) => acks.record(tenant, op, 'phone', seq)));
    expect(await acks.lastAckedSeq(tenant, op, 'phone')).toBe(Math.max(...seqs));
  });
}

describe('ack store in memory', () => {
  behavesMonotonically(() => createAckStore());
});

describe.skipIf(!redisUrl)('ack store in Redis', () => {
  const redis = redisUrl ? new Redis(redisUrl) : undefined;
  afterAll(async () => {
    await redis?.quit();
  });
  behavesMonotonically(() => createAckStore({ redis }));

  it('keeps one hash per tenant, field <operatorId>:<deviceId>, and <operatorId> for the operator', async () => {
    const acks = createAckStore({ redis });
    const tenant = crypto.randomUUID();
    const op = crypto.randomUUID();
    await acks.record(tenant, op, 'phone', 12);
    await acks.record(tenant, op, 'browser', 9);
    expect(await redis?.hgetall(ackHashKey(tenant))).toEqual({
      [`${op}:phone`]: '12',
      [`${op}:browser`]: '9',
      [op]: '12',
    });
    expect(await acks.lastAckedSeqOfOperator(tenant, op)).toBe(12);
    await redis?.del(ackHashKey(tenant));
  });
});
