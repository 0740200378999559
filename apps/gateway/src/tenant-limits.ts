// Owns the tenant limits from the tenants row, enforced across every gateway
// node: handshakes per second (rate_limited) and live sockets (too_many_connections,
// counted from the presence entries, so a dead node's sockets stop counting when
// they expire) at the handshake; client events per second (an ack of
// rate_limited, the socket stays) and watched conversations per socket
// (too_many_channels). Rates are rate-limiter-flexible counters, in Redis when
// it is there. A tenant's limits are read at most once per cache period per node.
//
// With Redis away: the rates fail open to a per-node memory counter (the
// insurance limiter), so live sockets keep working and a tenant gets at most
// its rate per node; a new socket is refused `dependency_unavailable` (the
// client retries), because its presence entry can be neither counted against
// the tenant's connection cap nor written where routing reads it: admitting it
// would let a tenant past its cap and leave its operator invisible to routing.
import { getTenant, type Sql, withTenant } from '@relay/db';
import type { Logger } from '@relay/logger';
import { type PresenceSocket, type PresenceStore, room } from '@relay/realtime';
import type { Redis } from 'ioredis';
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { ExtendedError } from 'socket.io';
import { errorReply, SocketError } from './handle-event.ts';
import { refusal } from './handshake.ts';
import type { GatewaySocket } from './types.ts';

export type TenantLimits = {
  maxConcurrentUsers: number;
  maxEventsPerSecond: number;
  maxJoinsPerSecond: number;
  maxChannelsPerClient: number;
};

/** How long a node trusts the limits it read; a change takes effect within this. */
export const LIMITS_CACHE_MS = 10_000;

export type TenantLimiter = {
  limitsOf(tenantId: string): Promise<TenantLimits>;
  /** Counts one handshake; false when the tenant is over its joins per second. */
  takeJoin(tenantId: string): Promise<boolean>;
  /** Counts one client event; false when the tenant is over its events per second. */
  takeEvent(tenantId: string): Promise<boolean>;
};

export function createTenantLimiter(deps: {
  sql: Sql;
  redis?: Redis | undefined;
  keyPrefix: string;
  cacheMs?: number;
}): TenantLimiter {
  const cacheMs = deps.cacheMs ?? LIMITS_CACHE_MS;
  const cache = new Map<string, { until: number; limits: Promise<TenantLimits> }>();
  const limitsOf = (tenantId: string) => {
    const cached = cache.get(tenantId);
    if (cached && cached.until > Date.now()) return cached.limits;
    const limits = withTenant(deps.sql, tenantId, (tx) => getTenant(tx, tenantId)).then((tenant) => {
      if (!tenant) throw new Error(`tenant ${tenantId} not found`);
      const { maxConcurrentUsers, maxEventsPerSecond, maxJoinsPerSecond, maxChannelsPerClient } = tenant;
      return { maxConcurrentUsers, maxEventsPerSecond, maxJoinsPerSecond, maxChannelsPerClient };
    });
    cache.set(tenantId, { until: Date.now() + cacheMs, limits });
    // A failed read is not cached: the next call tries again.
    limits.catch(() => {
      if (cache.get(tenantId)?.limits === limits) cache.delete(tenantId);
    });
    return limits;
  };

  const joins = perSecond(deps, 'joins');
  const events = perSecond(deps, 'events');
  return {
    limitsOf,
    takeJoin: async (tenantId) => joins(tenantId, (await limitsOf(tenantId)).maxJoinsPerSecond),
    takeEvent: async (tenantId) => events(tenantId, (await limitsOf(tenantId)).maxEventsPerSecond),
  };
}

/**
 * A per-tenant one-second counter. rate-limiter-flexible fixes the points per
 * limiter, so there is one limiter per distinct limit; in Redis they share the
 * counter key, so a changed limit keeps counting the same second.
 */
function perSecond(deps: { redis?: Redis | undefined; keyPrefix: string }, kind: string) {
  const keyPrefix = `${deps.keyPrefix}:limits:${kind}`;
  const limiters = new Map<number, RateLimiterAbstract>();
  const limiterFor = (points: number) => {
    let limiter = limiters.get(points);
    if (!limiter) {
      const memory = new RateLimiterMemory({ keyPrefix, points, duration: 1 });
      // If Redis fails, each node keeps counting on its own rather than refusing or letting everything through.
      limiter = deps.redis
        ? new RateLimiterRedis({ storeClient: deps.redis, keyPrefix, points, duration: 1, insuranceLimiter: memory })
        : memory;
      limiters.set(points, limiter);
    }
    return limiter;
  };
  return async (tenantId: string, points: number): Promise<boolean> => {
    try {
      await limiterFor(points).consume(tenantId);
      return true;
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return false;
      throw rejection;
    }
  };
}

/**
 * The handshake's second step (after `handshake` admitted the session): the
 * joins rate, then a presence entry if the tenant has room for one more socket.
 */
export function limitHandshakes(deps: {
  limiter: TenantLimiter;
  presence: PresenceStore;
  ttlMs: number;
  logger: Logger;
}) {
  return async (socket: GatewaySocket, next: (error?: ExtendedError) => void) => {
    const me = socket.data;
    try {
      if (!(await deps.limiter.takeJoin(me.tenantId))) {
        return next(refusal('rate_limited', 'too many connections to this workspace at once; retry in a moment'));
      }
      const { maxConcurrentUsers } = await deps.limiter.limitsOf(me.tenantId);
      if (!(await deps.presence.admit(presenceEntryOf(socket), deps.ttlMs, maxConcurrentUsers))) {
        return next(refusal('too_many_connections', `this workspace allows ${maxConcurrentUsers} connections at once`));
      }
      next();
    } catch (error) {
      deps.logger.error({ err: error, tenantId: me.tenantId }, 'handshake limits failed');
      next(refusal('dependency_unavailable', 'the server could not check the workspace limits; retry shortly'));
    }
  };
}

export function presenceEntryOf(socket: GatewaySocket): PresenceSocket {
  const { tenantId, operatorId, deviceId } = socket.data;
  return { tenantId, operatorId, deviceId, socketId: socket.id };
}

/**
 * Counts every client event against the tenant's rate before any handler
 * sees it. Over the rate, the event is dropped and its ack (if any) answers
 * rate_limited; the socket stays connected. A failing counter lets events through.
 */
export function limitEvents(socket: GatewaySocket, deps: { limiter: TenantLimiter; logger: Logger }): void {
  const { tenantId } = socket.data;
  socket.use((packet, next) => {
    const allowed = deps.limiter.takeEvent(tenantId).catch((error: unknown) => {
      deps.logger.warn({ err: error, tenantId }, 'event rate check failed; letting the event through');
      return true;
    });
    void allowed
      .then((pass) => {
        if (pass) return next();
        const ack = packet.at(-1);
        if (typeof ack === 'function') {
          ack(errorReply('rate_limited', 'too many events from this workspace; slow down and retry'));
        } else {
          deps.logger.debug({ tenantId, event: packet[0] }, 'event over the rate dropped; no ack to answer');
        }
      })
      .catch((error: unknown) => deps.logger.error({ err: error, event: packet[0] }, 'socket event dispatch failed'));
  });
}

/** The conversations this socket watches, by id. */
export function watchedConversations(socket: GatewaySocket): string[] {
  const prefix = room.conversation(socket.data.tenantId, '');
  return [...socket.rooms].filter((name) => name.startsWith(prefix)).map((name) => name.slice(prefix.length));
}

/** Throws too_many_channels when watching one more conversation would exceed the tenant's limit. */
export function assertCanWatch(socket: GatewaySocket, conversationRoom: string, maxChannels: number): void {
  if (socket.rooms.has(conversationRoom)) return;
  if (watchedConversations(socket).length >= maxChannels) {
    throw new SocketError(
      'too_many_channels',
      `a connection may watch at most ${maxChannels} conversations at once; unwatch one first`,
    );
  }
}
