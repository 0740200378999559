// Sign-up is public: limits how many workspaces one client IP may create, with
// rate-limiter-flexible, shared through Redis when there is one.
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../errors/app-error.ts';

const WINDOW_SECONDS = 60 * 60;

export type SignupLimiter = {
  /** Throws a 429 AppError with Retry-After when the IP has used its sign-ups for the hour. */
  consume(ip: string): Promise<void>;
};

export function createSignupLimiter(redis: Redis | undefined, perHour = 10): SignupLimiter {
  const options = { keyPrefix: 'relay:signup:ip', points: perHour, duration: WINDOW_SECONDS };
  const byIp = redis ? new RateLimiterRedis({ storeClient: redis, ...options }) : new RateLimiterMemory(options);
  return {
    async consume(ip) {
      try {
        await byIp.consume(ip);
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        throw new AppError(
          'rate_limited',
          'too many sign-ups from this address; try again later',
          undefined,
          rejection.msBeforeNext / 1000,
        );
      }
    },
  };
}
