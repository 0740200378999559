// Brute-force protection for login, with rate-limiter-flexible: per account
// (tenant + email) and per client IP, shared through Redis when there is one.
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../errors/app-error.ts';

const WINDOW_SECONDS = 15 * 60;

export type LoginLimiter = {
  /** Throws a 429 AppError with Retry-After when either limit is used up. */
  consume(ip: string, account: string): Promise<void>;
  /** A successful login clears the account's failures. */
  reset(account: string): Promise<void>;
};

export function createLoginLimiter(redis: Redis | undefined, limits = { perAccount: 10, perIp: 100 }): LoginLimiter {
  const make = (keyPrefix: string, points: number) =>
    redis
      ? new RateLimiterRedis({ storeClient: redis, keyPrefix, points, duration: WINDOW_SECONDS })
      : new RateLimiterMemory({ keyPrefix, points, duration: WINDOW_SECONDS });
  const byAccount = make('relay:login:account', limits.perAccount);
  const byIp = make('relay:login:ip', limits.perIp);
  return {
    async consume(ip, account) {
      try {
        await Promise.all([byIp.consume(ip), byAccount.consume(account)]);
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        throw new AppError(
          'rate_limited',
          'too many login attempts; wait before trying again',
          undefined,
          rejection.msBeforeNext / 1000,
        );
      }
    },
    async reset(account) {
      await byAccount.delete(account);
    },
  };
}
