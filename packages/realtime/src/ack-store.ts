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
};

export const ackHashKey = (tenantId: string) => `relay:acks:${tenantId}`;
// operatorId is a uuid, so "<operatorId>:<deviceId>" is unambiguous whatever the device id holds.
const ackField = (operatorId: string, deviceId: string) => `${operatorId}:${deviceId}`;

// HSET only when greater, atomically: concurrent acks from two nodes never regress.
const RECORD_MAX = `
local current = tonumber(redis.call('HGET', KEYS[1], ARGV[1]))
local seq = tonumber(ARGV[2])
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
        Number(await redis.eval(RECORD_MAX, 1, ackHashKey(tenantId), ackField(operatorId, deviceId), String(seq))),
      lastAckedSeq: async (tenantId, operatorId, deviceId) => {
        const stored = await redis.hget(ackHashKey(tenantId), ackField(operatorId, deviceId));
        return stored === null ? null : Number(stored);
      },
    };
  }
  const acks = new Map<string, number>();
  const keyOf = (tenantId: string, operatorId: string, deviceId: string) =>
    `${tenantId}|${ackField(operatorId, deviceId)}`;
  return {
    record: async (tenantId, operatorId, deviceId, seq) => {
      const key = keyOf(tenantId, operatorId, deviceId);
      const stored = Math.max(acks.get(key) ?? -1, seq);
      acks.set(key, stored);
      return stored;
    },
    lastAckedSeq: async (tenantId, operatorId, deviceId) => acks.get(keyOf(tenantId, operatorId, deviceId)) ?? null,
  };
}
