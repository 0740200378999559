// Owns the last seq each operator device has acknowledged: the gateway records
// it on `ack`, and push fallback reads it to decide whether a device has
// already seen an event. Monotonic: a late, smaller ack never moves it back.
// In Redis (one hash per tenant) when Redis is there, so every gateway node
// and the worker agree; in memory in standalone, where they share a process.
import type { Redis } from 'ioredis';

export type AckStore = {
  /** Records seq if it is greater than what is stored; returns the stored (largest) seq. */
  record(tenantId: string, operatorId: string, deviceId: string, seq: number): Promise<number>;
  /** The largest seq this device acknowledged, or null if it never did. */
  lastAckedSeq(tenantId: string, operatorId: string, deviceId: string): Promise<number | null>;
  /** The largest seq any device of the operator acknowledged (registered or not), or null. */
  lastAckedSeqOfOperator(tenantId: string, operatorId: string): Promise<number | null>;
};

export const ackHashKey = (tenantId: string) => `relay:acks:${tenantId}`;
// operatorId is a uuid, so "<operatorId>:<deviceId>" is unambiguous whatever the device id holds.
const ackField = (operatorId: string, deviceId: string) => `${operatorId}:${deviceId}`;

// HSET only when greater, atomically: concurrent acks from two nodes never regress.
// The operator's own field (ARGV[3], a bare uuid, so it never collides with a
// "<operatorId>:<deviceId>" field) keeps the maximum over all their devices.
const RECORD_MAX = `
local seq = tonumber(ARGV[2])
local mine = tonumber(redis.call('HGET', KEYS[1], ARGV[3]))
if mine == nil or seq > mine then redis.call('HSET', KEYS[1], ARGV[3], ARGV[2]) end
local current = tonumber(redis.call('HGET', KEYS[1], ARGV[1]))
if current == nil or seq > current then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
  return seq
end
return current`;

export function createAckStore(deps: { redis?: Redis | undefined } = {}): AckStore {
  const { redis } = deps;
  if (redis) {
    return {
      record: async (tenantId, operatorId, deviceId, seq) =>
        Number(
          await redis.eval(
            RECORD_MAX,
            1,
            ackHashKey(tenantId),
            ackField(operatorId, deviceId),
            String(seq),
            operatorId,
          ),
        ),
      lastAckedSeq: async (tenantId, operatorId, deviceId) => {
        const stored = await redis.hget(ackHashKey(tenantId), ackField(operatorId, deviceId));
        return stored === null ? null : Number(stored);
      },
      lastAckedSeqOfOperator: async (tenantId, operatorId) => {
        const stored = await redis.hget(ackHashKey(tenantId), operatorId);
        return stored === null ? null : Number(stored);
      },
    };
  }
  const acks = new Map<string, number>();
  const keyOf = (tenantId: string, operatorId: string, deviceId: string) =>
    `${tenantId}|${ackField(operatorId, deviceId)}`;
  const raise = (key: string, seq: number) => {
    const stored = Math.max(acks.get(key) ?? -1, seq);
    acks.set(key, stored);
    return stored;
  };
  return {
    record: async (tenantId, operatorId, deviceId, seq) => {
      raise(`${tenantId}|${operatorId}`, seq);
      return raise(keyOf(tenantId, operatorId, deviceId), seq);
    },
    lastAckedSeq: async (tenantId, operatorId, deviceId) => acks.get(keyOf(tenantId, operatorId, deviceId)) ?? null,
    lastAckedSeqOfOperator: async (tenantId, operatorId) => acks.get(`${tenantId}|${operatorId}`) ?? null,
  };
}
