// Sign-up is public: limits how many workspaces one client IP may create, with
// rate-limiter-flexible, shared through Redis when there is one (and counted in
// memory while Redis does not answer; see limiter-store.ts).
import { RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../errors/app-error.ts';
import type { LimiterDeps } from './login-limiter.ts';

const WINDOW_SECONDS = 60 * 60;

export type SignupLimits = { perHour: number; keyPrefix: string };

export const SIGNUP_LIMITS: SignupLimits = { perHour: 10, keyPrefix: 'relay:signup' };

export type SignupLimiter = {
  /** Throws a 429 AppError with Retry-After when the IP has used its sign-ups for the hour. */
  consume(ip: string): Promise<void>;
};

export function createSignupLimiter(deps: LimiterDeps, overrides: Partial<SignupLimits> = {}): SignupLimiter {
  const limits = { ...SIGNUP_LIMITS, ...overrides };
  const byIp = deps.makeLimiter({
    keyPrefix: `${limits.keyPrefix}:ip`,
    points: limits.perHour,
    duration: WINDOW_SECONDS,
  });
  return {
    async consume(ip) {
      try {
        await byIp.consume(ip);
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        deps.metrics?.authThrottled.inc({ limit: 'signup_ip' });
        throw new AppError(
          'rate_limited',
          'too many sign-ups from this address; try again later',
          undefined,
          Math.max(1, rejection.msBeforeNext / 1000),
        );
      }
    },
  };
}
