// The one place that tells "a dependency is down or too slow" from a bug.
// PostgreSQL (postgres.js and the server's SQLSTATEs) and Redis (ioredis)
// failures are recognised by their codes and names, so this module imports
// neither driver; the API answers them 503 `dependency_unavailable` with
// Retry-After, the gateway refuses a handshake with the same code, and the
// worker backs off instead of logging a stack per job.

export type Dependency = 'database' | 'redis';

/** Node socket errors: the peer is gone, refused us, or the route to it is. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** postgres.js's own codes for a connection that failed or went away. */
const DRIVER_CODES = new Set(['CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT']);

/**
 * SQLSTATEs that mean the server cannot serve now, not that the statement is
 * wrong: class 08 (connection exception), 53300 (too many connections),
 * 57P01–57P03 (terminated, crashed, starting), 57014 (cancelled: our
 * statement_timeout), 25P03 (idle-in-transaction timeout).
 */
function isUnavailableSqlState(code: string): boolean {
  return (
    code.startsWith('08') ||
    code === '53300' ||
    code === '57P01' ||
    code === '57P02' ||
    code === '57P03' ||
    code === '57014' ||
    code === '25P03'
  );
}

/** ioredis's messages for a command that could not reach the server. */
const REDIS_MESSAGES = [
  'Connection is closed',
  "Stream isn't writeable",
  'Command timed out',
  'Reached the max retries per request limit',
  'Connection in subscriber mode',
];

type ErrorLike = { code?: unknown; name?: unknown; message?: unknown; cause?: unknown };

/** Which dependency failed, or undefined when the error is not an outage. */
export function unavailableDependency(error: unknown, depth = 0): Dependency | undefined {
  if (!error || typeof error !== 'object' || depth > 3) return undefined;
  const { code, name, message, cause } = error as ErrorLike;
  if (name === 'MaxRetriesPerRequestError') return 'redis';
  if (typeof message === 'string' && REDIS_MESSAGES.some((text) => message.includes(text))) return 'redis';
  if (typeof code === 'string') {
    if (DRIVER_CODES.has(code)) return 'database';
    if (/^[0-9A-Z]{5}$/.test(code) && isUnavailableSqlState(code)) return 'database';
    if (SOCKET_CODES.has(code)) return 'database';
  }
  return unavailableDependency(cause, depth + 1);
}

export function isDependencyUnavailable(error: unknown): boolean {
  return unavailableDependency(error) !== undefined;
}

/** Seconds a client should wait before retrying a request refused for an outage. */
export const DEPENDENCY_RETRY_AFTER_SECONDS = 2;
