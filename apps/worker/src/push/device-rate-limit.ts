// Keeps each device under FCM's per-device limits (240 messages a minute and
// 5,000 an hour to one device). Shared by every worker through Redis when it
// is there (rate-limiter-flexible, like the API's login limiter).
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

const WINDOWS = [
  { points: 240, duration: 60 },
  { points: 5000, duration: 3600 },
];

export type DeviceRateLimit = {
  /** Takes one send for the device: 0 when allowed now, otherwise how long to wait (ms). */
  take(deviceKey: string): Promise<number>;
};

export function createDeviceRateLimit(redis?: Redis): DeviceRateLimit {
  const limiters = WINDOWS.map(({ points, duration }) => {
    const keyPrefix = `relay:push-rate:${duration}`;
    return redis
      ? new RateLimiterRedis({ storeClient: redis, keyPrefix, points, duration })
      : new RateLimiterMemory({ keyPrefix, points, duration });
  });
  return {
    async take(deviceKey) {
      let waitMs = 0;
      for (const limiter of limiters) {
        try {
          await limiter.consume(deviceKey);
        } catch (rejection) {
          if (!(rejection instanceof RateLimiterRes)) throw rejection;
          waitMs = Math.max(waitMs, rejection.msBeforeNext);
        }
      }
      return waitMs;
    },
  };
}
