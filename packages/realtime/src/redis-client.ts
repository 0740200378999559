// Owns how every Relay process talks to Redis: the one place its clients are
// made, so an outage behaves the same everywhere. Redis is an accelerator
// here (the event log in PostgreSQL is the truth), so a request never waits
// for it: commands fail fast while it is away (no offline queue, a short
// connect and command timeout, one retry), the connection itself comes back
// on its own (capped backoff, forever), and the logs get one line when it
// goes and one when it is back, not a stack per reconnect attempt.
import { Redis, type RedisOptions } from 'ioredis';

/** A connection may take this long to open before the attempt counts as failed. */
export const REDIS_CONNECT_TIMEOUT_MS = 2_000;
/** A command that has no answer by then rejects ("Command timed out"): a frozen Redis cannot hold a request. */
export const REDIS_COMMAND_TIMEOUT_MS = 1_000;
/** Reconnect attempts back off up to this; they never stop. */
export const REDIS_MAX_RECONNECT_DELAY_MS = 2_000;

/**
 * commands: the request path (publishes, acks, presence, limits): fails at
 * once while disconnected. subscriber: a pub/sub connection whose SUBSCRIBEs,
 * made at start, must wait for the connection and survive every reconnect.
 */
export type RedisProfile = 'commands' | 'subscriber';

/** The part of a pino logger this module writes to. */
export type RedisStateLogger = {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
};

export type RedisClientOptions = {
  /** Names the connection in its log lines ("api", "gateway-adapter-sub"…). */
  name: string;
  logger: RedisStateLogger;
  profile?: RedisProfile;
};

export function reconnectDelay(attempt: number): number {
  return Math.min(50 * 2 ** Math.min(attempt, 10), REDIS_MAX_RECONNECT_DELAY_MS);
}

export function redisClientOptions(profile: RedisProfile = 'commands'): RedisOptions {
  const common: RedisOptions = {
    // Connect now, even when duplicating a lazy client: a fail-fast client has no queue to wait in.
    lazyConnect: false,
    connectTimeout: REDIS_CONNECT_TIMEOUT_MS,
    retryStrategy: reconnectDelay,
  };
  if (profile === 'subscriber') {
    // Queued until connected and never given up on: a lost SUBSCRIBE would leave the node deaf.
    // No commandTimeout: a subscribed connection answers nothing else.
    return { ...common, enableOfflineQueue: true, maxRetriesPerRequest: null, autoResubscribe: true };
  }
  return { ...common, enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: REDIS_COMMAND_TIMEOUT_MS };
}

/** A new client with the profile's options and the state logging below. */
export function createRedisClient(url: string, options: RedisClientOptions): Redis {
  const client = new Redis(url, redisClientOptions(options.profile));
  logRedisState(client, options);
  return client;
}

/** A second connection to the same server (the pub/sub pair of an adapter), with its own profile. */
export function duplicateRedisClient(client: Redis, options: RedisClientOptions): Redis {
  const copy = client.duplicate(redisClientOptions(options.profile));
  logRedisState(copy, options);
  return copy;
}

/**
 * The client's `error` listener (without one ioredis prints "Unhandled error
 * event" with a stack on every failed reconnect) and one log line per change
 * between up and down.
 */
export function logRedisState(client: Redis, { name, logger }: Pick<RedisClientOptions, 'name' | 'logger'>): void {
  let down = false;
  const lost = (reason: string) => {
    if (down) return;
    down = true;
    logger.warn({ redis: name, reason }, 'redis unavailable: its commands fail fast until it is back');
  };
  client.on('error', (error: Error & { code?: string }) => lost(error.code ?? error.message));
  client.on('reconnecting', () => lost('connection closed'));
  client.on('ready', () => {
    if (!down) return;
    down = false;
    logger.info({ redis: name }, 'redis connection restored');
  });
}

/**
 * Resolves once the client is ready. For a commands client before its first
 * use: with no offline queue, a command sent while still connecting fails.
 */
export function redisReady(client: Redis): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise((resolve) => client.once('ready', () => resolve()));
}
