// Brute-force protection for login (and the password check of a password
// change), after OWASP's authentication cheat sheet: throttle guessing without
// letting a stranger lock the owner out. Three counters of failed attempts:
// - per account and client IP: from the 4th failure on, each further attempt
//   waits a doubling delay; the 11th within 15 minutes is refused (429) for 15
//   minutes, for that IP on that account only;
// - per client IP across accounts: 100 failures in an hour block the IP for an
//   hour (password spraying, credential stuffing from one address);
// - per account across all IPs: never refuses (that would be the lockout), but
//   past 20 failures in an hour every attempt on the account waits a doubling
//   delay, which slows a guess spread over many addresses. The owner still gets
//   in with the right password, a few seconds late at worst.
// An attempt is counted before the password is checked, so parallel guesses
// cannot all slip in under the limit; a right password gives its point back
// (and clears its own account+IP failures). The delay comes before the check,
// so a slow answer tells nothing about the password.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Metrics } from '@relay/metrics';
import { type IRateLimiterOptions, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../errors/app-error.ts';
import type { Counter } from './limiter-store.ts';

export type LoginLimits = {
  /** Failures per account and IP before that pair is refused. */
  perAccountIp: number;
  /** Failures per IP across all accounts before the IP is refused. */
  perIp: number;
  /** Failures per account (all IPs) after which every attempt is slowed. */
  accountSlowAfter: number;
  /** First step of the progressive delay; each step doubles it, up to maxDelayMs. */
  delayBaseMs: number;
  maxDelayMs: number;
  /** Redis key prefix (tests use their own). */
  keyPrefix: string;
};

export const LOGIN_LIMITS: LoginLimits = {
  perAccountIp: 10,
  perIp: 100,
  accountSlowAfter: 20,
  delayBaseMs: 250,
  maxDelayMs: 5000,
  keyPrefix: 'relay:login',
};

const PAIR_WINDOW_SECONDS = 15 * 60;
const IP_WINDOW_SECONDS = 60 * 60;
const ACCOUNT_WINDOW_SECONDS = 60 * 60;
/** Failures on one account from one IP that cost nothing (typos). */
const PAIR_FREE_FAILURES = 3;
/** The account-wide counter only slows, so its ceiling is out of reach. */
const NEVER = 1_000_000_000;

export type LoginLimiter = {
  /**
   * Counts the attempt, waits its delay, and throws a 429 AppError with
   * Retry-After when the IP, or the IP on this account, is blocked.
   */
  attempt(ip: string, account: string): Promise<void>;
  /** The password was right: the attempt was no failure. */
  succeeded(ip: string, account: string): Promise<void>;
};

export type LimiterDeps = {
  /** Makes a counter in the store (Redis with a memory fallback, or memory); see limiter-store.ts. */
  makeLimiter: (options: IRateLimiterOptions) => Counter;
  metrics?: Pick<Metrics, 'authThrottled'> | undefined;
};

export function createLoginLimiter(deps: LimiterDeps, overrides: Partial<LoginLimits> = {}): LoginLimiter {
  const limits = { ...LOGIN_LIMITS, ...overrides };
  const prefix = limits.keyPrefix;
  const byPair = deps.makeLimiter({
    keyPrefix: `${prefix}:account-ip`,
    points: limits.perAccountIp,
    duration: PAIR_WINDOW_SECONDS,
    blockDuration: PAIR_WINDOW_SECONDS,
  });
  const byIp = deps.makeLimiter({
    keyPrefix: `${prefix}:ip`,
    points: limits.perIp,
    duration: IP_WINDOW_SECONDS,
    blockDuration: IP_WINDOW_SECONDS,
  });
  const byAccount = deps.makeLimiter({
    keyPrefix: `${prefix}:account`,
    points: NEVER,
    duration: ACCOUNT_WINDOW_SECONDS,
  });
  const pairKey = (ip: string, account: string) => `${account}|${ip}`;
  const step = (excess: number) => Math.min(limits.delayBaseMs * 2 ** excess, limits.maxDelayMs);

  const refuse = (limit: 'account_ip' | 'ip', rejection: unknown): never => {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    deps.metrics?.authThrottled.inc({ limit });
    throw new AppError(
      'rate_limited',
      'too many failed attempts; wait before trying again',
      undefined,
      Math.max(1, rejection.msBeforeNext / 1000),
    );
  };

  return {
    async attempt(ip, account) {
      await byIp.consume(ip).catch((rejection) => refuse('ip', rejection));
      const pair = await byPair.consume(pairKey(ip, account)).catch((rejection) => refuse('account_ip', rejection));
      const all = await byAccount.consume(account);
      const pairDelay =
        pair.consumedPoints > PAIR_FREE_FAILURES ? step(pair.consumedPoints - PAIR_FREE_FAILURES - 1) : 0;
      const accountDelay =
        all.consumedPoints > limits.accountSlowAfter
          ? step(Math.floor((all.consumedPoints - limits.accountSlowAfter - 1) / 10))
          : 0;
      const delay = Math.max(pairDelay, accountDelay);
      if (delay > 0) {
        deps.metrics?.authThrottled.inc({ limit: 'delayed' });
        await sleep(delay);
      }
    },
    async succeeded(ip, account) {
      // The account-wide count is not cleared: the owner logging in must not reset a distributed guess.
      await Promise.all([byPair.delete(pairKey(ip, account)), byIp.reward(ip), byAccount.reward(account)]);
    },
  };
}
