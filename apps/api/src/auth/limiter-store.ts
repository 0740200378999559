// Where the auth limiters keep their counters: Redis when there is one (shared
// by every API process), process memory otherwise. A Redis outage must not
// turn a login into a 500 or a hang, so each Redis limiter is wrapped by
// rate-limiter-flexible's own insurance: a command that fails, finds the
// client not ready, or takes longer than the timeout is answered from memory
// instead, and the limiters stay on memory for a few seconds before trying
// Redis again. Counts kept in memory during an outage stay there (they are not
// copied back), which only makes the limits per process for that while.
import type { Logger } from '@relay/logger';
import type { Redis } from 'ioredis';
import {
  type IRateLimiterOptions,
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RLWrapperTimeouts,
} from 'rate-limiter-flexible';

/** Past this a Redis command is given up on for this request (a frozen server must not hold logins). */
export const LIMITER_REDIS_TIMEOUT_MS = 500;

/** After Redis failed a limiter, the limiters use memory alone for this long before trying it again. */
export const LIMITER_REDIS_RETRY_MS = 5000;

export type LimiterStore = {
  redis?: Redis | undefined;
  /** Told each time the limiters switch to memory because Redis did not answer (for a log line and a metric). */
  onFallback?: () => void;
  timeoutMs?: number;
};

/** What the auth limiters use of a rate-limiter-flexible limiter. */
export type Counter = Pick<RateLimiterAbstract, 'consume' | 'reward' | 'delete' | 'get'>;

/** Tells the store's breaker each time Redis's insurance is used. */
class FallbackMemory extends RateLimiterMemory {
  constructor(
    options: IRateLimiterOptions,
    private readonly used: () => void,
  ) {
    super(options);
  }
  override consume(...args: Parameters<RateLimiterMemory['consume']>) {
    this.used();
    return super.consume(...args);
  }
  override reward(...args: Parameters<RateLimiterMemory['reward']>) {
    this.used();
    return super.reward(...args);
  }
  override get(...args: Parameters<RateLimiterMemory['get']>) {
    this.used();
    return super.get(...args);
  }
  override delete(...args: Parameters<RateLimiterMemory['delete']>) {
    this.used();
    return super.delete(...args);
  }
}

/**
 * Limiters made from one store share a breaker: once Redis failed or timed out,
 * they all count in memory for LIMITER_REDIS_RETRY_MS, so a frozen Redis costs
 * one timeout per few seconds rather than one per counter per request.
 */
export function limiterFactory(store: LimiterStore): (options: IRateLimiterOptions) => Counter {
  const breaker = { openUntil: 0 };
  const tripped = () => {
    if (Date.now() < breaker.openUntil) return;
    breaker.openUntil = Date.now() + LIMITER_REDIS_RETRY_MS;
    store.onFallback?.();
  };
  return (options) => {
    if (!store.redis) return new RateLimiterMemory(options);
    const memory = new FallbackMemory(options, tripped);
    const redisLimiter = new RateLimiterRedis({
      ...options,
      storeClient: store.redis,
      // ioredis queues commands while it reconnects; answering from memory at once is better than waiting.
      rejectIfRedisNotReady: true,
    });
    // The insurance sits on the wrapper only, so a command that times out and fails later is counted once.
    const shared = new RLWrapperTimeouts({
      limiter: redisLimiter,
      timeoutMs: store.timeoutMs ?? LIMITER_REDIS_TIMEOUT_MS,
      insuranceLimiter: memory,
      blockDuration: options.blockDuration ?? 0,
    });
    const now = (): Counter => (Date.now() < breaker.openUntil ? memory : shared);
    return {
      consume: (...args) => now().consume(...args),
      reward: (...args) => now().reward(...args),
      delete: (...args) => now().delete(...args),
      get: (...args) => now().get(...args),
    };
  };
}

/** Logs the switch to memory at most once a minute, and counts every switch. */
export function fallbackReporter(logger: Logger, count: () => void): () => void {
  let lastLogged = 0;
  return () => {
    count();
    const now = Date.now();
    if (now - lastLogged < 60_000) return;
    lastLogged = now;
    logger.warn('Redis did not answer the auth limiters; counting in this process memory meanwhile');
  };
}
