// Owns who is connected: one entry per socket (tenant, operator, device,
// socket id) that lives until an expiry its gateway node keeps pushing
// forward. A node that dies stops refreshing, and a sweep on any node removes
// its entries once they expire. In Redis (sorted sets scored by expiry) when
// Redis is there, so every node and the worker see the same sockets; in
// memory in standalone, where they share a process. The operator's chosen
// availability stays in operators.availability; onlineOperators joins both.
import type { Availability } from '@relay/contracts';
import { listOperatorAvailability, type Sql, withTenant } from '@relay/db';
import type { Redis } from 'ioredis';

/** One connected socket. Tenant and operator ids are uuids; the device id is the client's. */
export type PresenceSocket = { tenantId: string; operatorId: string; deviceId: string; socketId: string };

/** How a connected operator appears: their chosen availability and how many devices are connected. */
export type OperatorPresence = { status: Availability; devices: number };

export type PresenceStore = {
  /**
   * Adds the socket's entry, expiring after ttlMs, unless the tenant already
   * has maxSockets live entries (then false). Atomic across nodes.
   */
  admit(entry: PresenceSocket, ttlMs: number, maxSockets: number): Promise<boolean>;
  /** Pushes the entries' expiry forward; returns those that were gone (swept) and are now back. */
  refresh(entries: PresenceSocket[], ttlMs: number): Promise<PresenceSocket[]>;
  /** Removes the entry; false when it was not there. */
  remove(entry: PresenceSocket): Promise<boolean>;
  /** Removes expired entries of every tenant and returns them; each goes to exactly one caller. */
  sweep(): Promise<PresenceSocket[]>;
  /** Live sockets of the tenant, every node counted. */
  countSockets(tenantId: string): Promise<number>;
  /** The operator's live sockets. */
  socketsOf(tenantId: string, operatorId: string): Promise<{ deviceId: string; socketId: string }[]>;
  /** Operators with a live socket → how many distinct devices. */
  liveDevices(tenantId: string): Promise<Map<string, number>>;
  /**
   * Who is online: every active operator with a live socket → their chosen
   * availability and device count. Routing takes those whose status is 'online'.
   */
  onlineOperators(tenantId: string): Promise<Map<string, OperatorPresence>>;
};

export type PresenceStoreDeps = {
  sql: Sql;
  redis?: Redis | undefined;
  /** Prefix of the Redis keys (default "relay"); gateways and worker must agree. */
  keyPrefix?: string | undefined;
};

/** At most this many entries per Redis script call. */
const BATCH = 300;

export function presenceKeys(prefix = 'relay') {
  return {
    /** Every entry of every tenant, member "<tenantId>:<operatorId>:<deviceId>:<socketId>": what a sweep reads. */
    expiry: `${prefix}:presence:expiry`,
    /** The tenant's entries, member "<operatorId>:<deviceId>:<socketId>". */
    tenant: (tenantId: string) => `${prefix}:presence:${tenantId}`,
    /** The operator's entries, member "<deviceId>:<socketId>". */
    operator: (tenantId: string, operatorId: string) => `${prefix}:presence:${tenantId}:${operatorId}`,
  };
}

export function createPresenceStore(deps: PresenceStoreDeps): PresenceStore {
  const entries = deps.redis ? redisEntries(deps.redis, presenceKeys(deps.keyPrefix)) : memoryEntries();
  return {
    ...entries,
    async onlineOperators(tenantId) {
      const live = await entries.liveDevices(tenantId);
      if (live.size === 0) return new Map();
      const rows = await withTenant(deps.sql, tenantId, (tx) =>
        listOperatorAvailability(tx, tenantId, [...live.keys()]),
      );
      return new Map(rows.map((row) => [row.id, { status: row.availability, devices: live.get(row.id) ?? 0 }]));
    },
  };
}

type Entries = Omit<PresenceStore, 'onlineOperators'>;

// Ids are fixed-length uuids and socket ids never hold ':', so the device id
// (anything the client chose) is whatever lies between.
const UUID_LENGTH = 36;

function splitDeviceSocket(member: string): { deviceId: string; socketId: string } {
  const cut = member.lastIndexOf(':');
  return { deviceId: member.slice(0, cut), socketId: member.slice(cut + 1) };
}

function distinctDevicesByOperator(pairs: { operatorId: string; deviceId: string }[]): Map<string, number> {
  const devices = new Map<string, Set<string>>();
  for (const { operatorId, deviceId } of pairs) {
    const set = devices.get(operatorId) ?? new Set();
    set.add(deviceId);
    devices.set(operatorId, set);
  }
  return new Map([...devices].map(([operatorId, set]) => [operatorId, set.size]));
}

function assertIds(entry: PresenceSocket) {
  if (entry.tenantId.length !== UUID_LENGTH || entry.operatorId.length !== UUID_LENGTH) {
    throw new Error('presence entries need uuid tenant and operator ids');
  }
}

// KEYS: expiry, tenant, operator. ARGV: now, expiresAt, maxSockets, and the three members.
// A socket already present is refreshed whatever the count.
const ADMIT = `
if redis.call('ZSCORE', KEYS[2], ARGV[5]) == false
   and redis.call('ZCOUNT', KEYS[2], '(' .. ARGV[1], '+inf') >= tonumber(ARGV[3]) then
  return 0
end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[4])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[5])
redis.call('ZADD', KEYS[3], ARGV[2], ARGV[6])
return 1`;

// KEYS: (expiry, tenant, operator) per entry. ARGV: expiresAt, then the three members per entry.
// Returns the 1-based positions of entries that were missing from their tenant's set.
const REFRESH = `
local added = {}
for i = 1, #KEYS / 3 do
  local k = (i - 1) * 3
  redis.call('ZADD', KEYS[k + 1], ARGV[1], ARGV[k + 2])
  if redis.call('ZADD', KEYS[k + 2], ARGV[1], ARGV[k + 3]) == 1 then table.insert(added, i) end
  redis.call('ZADD', KEYS[k + 3], ARGV[1], ARGV[k + 4])
end
return added`;

// KEYS: (expiry, tenant, operator) per candidate. ARGV: now, then the three members per candidate.
// Removes a candidate only if it is still expired (a refresh may have won), so
// exactly one sweeping node gets each; returns the positions it removed.
const SWEEP = `
local removed = {}
for i = 1, #KEYS / 3 do
  local k = (i - 1) * 3
  local score = redis.call('ZSCORE', KEYS[k + 1], ARGV[k + 2])
  if score ~= false and tonumber(score) <= tonumber(ARGV[1]) then
    redis.call('ZREM', KEYS[k + 1], ARGV[k + 2])
    redis.call('ZREM', KEYS[k + 2], ARGV[k + 3])
    redis.call('ZREM', KEYS[k + 3], ARGV[k + 4])
    table.insert(removed, i)
  end
end
return removed`;

function redisEntries(redis: Redis, keys: ReturnType<typeof presenceKeys>): Entries {
  const keysOf = (e: PresenceSocket) => [keys.expiry, keys.tenant(e.tenantId), keys.operator(e.tenantId, e.operatorId)];
  const membersOf = (e: PresenceSocket) => [
    `${e.tenantId}:${e.operatorId}:${e.deviceId}:${e.socketId}`,
    `${e.operatorId}:${e.deviceId}:${e.socketId}`,
    `${e.deviceId}:${e.socketId}`,
  ];
  const parseGlobal = (member: string): PresenceSocket => ({
    tenantId: member.slice(0, UUID_LENGTH),
    operatorId: member.slice(UUID_LENGTH + 1, 2 * UUID_LENGTH + 1),
    ...splitDeviceSocket(member.slice(2 * UUID_LENGTH + 2)),
  });
  // One script call per batch of entries; returns the entries at the positions the script names.
  const batched = async (script: string, first: string, list: PresenceSocket[]) => {
    const picked: PresenceSocket[] = [];
    for (let start = 0; start < list.length; start += BATCH) {
      const batch = list.slice(start, start + BATCH);
      const positions = (await redis.eval(
        script,
        batch.length * 3,
        ...batch.flatMap(keysOf),
        first,
        ...batch.flatMap(membersOf),
      )) as number[];
      for (const position of positions) picked.push(batch[position - 1] as PresenceSocket);
    }
    return picked;
  };
  const live = (key: string) => redis.zrangebyscore(key, `(${Date.now()}`, '+inf');

  return {
    async admit(entry, ttlMs, maxSockets) {
      assertIds(entry);
      const now = Date.now();
      const admitted = await redis.eval(
        ADMIT,
        3,
        ...keysOf(entry),
        String(now),
        String(now + ttlMs),
        String(maxSockets),
        ...membersOf(entry),
      );
      return admitted === 1;
    },
    refresh: (list, ttlMs) => batched(REFRESH, String(Date.now() + ttlMs), list),
    async remove(entry) {
      const [global, tenant, operator] = keysOf(entry) as [string, string, string];
      const [inGlobal, inTenant, inOperator] = membersOf(entry) as [string, string, string];
      const results = await redis
        .multi()
        .zrem(global, inGlobal)
        .zrem(tenant, inTenant)
        .zrem(operator, inOperator)
        .exec();
      return Number(results?.[1]?.[1] ?? 0) > 0;
    },
    async sweep() {
      const now = Date.now();
      const expired = await redis.zrangebyscore(keys.expiry, '-inf', String(now), 'LIMIT', 0, 1000);
      return batched(SWEEP, String(now), expired.map(parseGlobal));
    },
    countSockets: (tenantId) => redis.zcount(keys.tenant(tenantId), `(${Date.now()}`, '+inf'),
    socketsOf: async (tenantId, operatorId) => (await live(keys.operator(tenantId, operatorId))).map(splitDeviceSocket),
    async liveDevices(tenantId) {
      const members = await live(keys.tenant(tenantId));
      return distinctDevicesByOperator(
        members.map((member) => ({
          operatorId: member.slice(0, UUID_LENGTH),
          deviceId: splitDeviceSocket(member.slice(UUID_LENGTH + 1)).deviceId,
        })),
      );
    },
  };
}

function memoryEntries(): Entries {
  // tenantId → socketId → entry and its expiry (ms since the epoch).
  const tenants = new Map<string, Map<string, PresenceSocket & { expiresAt: number }>>();
  const liveOf = (tenantId: string) =>
    [...(tenants.get(tenantId)?.values() ?? [])].filter((entry) => entry.expiresAt > Date.now());
  const put = (entry: PresenceSocket, ttlMs: number) => {
    const sockets = tenants.get(entry.tenantId) ?? new Map();
    tenants.set(entry.tenantId, sockets);
    const existed = sockets.has(entry.socketId);
    sockets.set(entry.socketId, { ...entry, expiresAt: Date.now() + ttlMs });
    return existed;
  };
  const drop = (tenantId: string, socketId: string) => {
    const sockets = tenants.get(tenantId);
    const existed = sockets?.delete(socketId) ?? false;
    if (sockets?.size === 0) tenants.delete(tenantId);
    return existed;
  };
  const bare = ({ tenantId, operatorId, deviceId, socketId }: PresenceSocket): PresenceSocket => ({
    tenantId,
    operatorId,
    deviceId,
    socketId,
  });

  return {
    async admit(entry, ttlMs, maxSockets) {
      assertIds(entry);
      const present = tenants.get(entry.tenantId)?.has(entry.socketId) ?? false;
      if (!present && liveOf(entry.tenantId).length >= maxSockets) return false;
      put(entry, ttlMs);
      return true;
    },
    refresh: async (list, ttlMs) => list.filter((entry) => !put(entry, ttlMs)),
    remove: async (entry) => drop(entry.tenantId, entry.socketId),
    async sweep() {
      const now = Date.now();
      const expired = [...tenants.values()].flatMap((sockets) =>
        [...sockets.values()].filter((entry) => entry.expiresAt <= now),
      );
      for (const entry of expired) drop(entry.tenantId, entry.socketId);
      return expired.map(bare);
    },
    countSockets: async (tenantId) => liveOf(tenantId).length,
    socketsOf: async (tenantId, operatorId) =>
      liveOf(tenantId)
        .filter((entry) => entry.operatorId === operatorId)
        .map(({ deviceId, socketId }) => ({ deviceId, socketId })),
    liveDevices: async (tenantId) => distinctDevicesByOperator(liveOf(tenantId)),
  };
}
