// The API's auth limiters, made once per API instance so login and the
// password check of a password change share one per-IP failure count.
import type { Logger } from '@relay/logger';
import type { Metrics } from '@relay/metrics';
import type { Redis } from 'ioredis';
import { fallbackReporter, limiterFactory } from './limiter-store.ts';
import { createLoginLimiter, type LoginLimiter, type LoginLimits } from './login-limiter.ts';
import { createSignupLimiter, type SignupLimiter, type SignupLimits } from './signup-limiter.ts';

export type AuthLimits = { login?: Partial<LoginLimits>; signup?: Partial<SignupLimits> };

export type AuthLimiters = { login: LoginLimiter; signup: SignupLimiter };

export function createAuthLimiters(deps: {
  redis?: Redis | undefined;
  logger: Logger;
  metrics: Pick<Metrics, 'authThrottled' | 'authLimiterFallbacks'>;
  limits?: AuthLimits | undefined;
}): AuthLimiters {
  // One factory, so one Redis breaker for every auth limiter of this API instance.
  const makeLimiter = limiterFactory({
    redis: deps.redis,
    onFallback: fallbackReporter(deps.logger, () => deps.metrics.authLimiterFallbacks.inc()),
  });
  const store = { makeLimiter, metrics: deps.metrics };
  return {
    login: createLoginLimiter(store, deps.limits?.login),
    signup: createSignupLimiter(store, deps.limits?.signup),
  };
}
