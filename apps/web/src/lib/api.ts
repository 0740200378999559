// Talking to /api/v1 as the signed-in operator: routes are called by their
// contract (`call(apiRoutes.tags.listTags)`, the typed client of
// @relay/contracts), with the bearer token, the one error shape
// ({error: {code, message, details}}) turned into ApiError, one
// refresh-and-retry on 401 (refresh tokens rotate, so concurrent 401s share a
// single refresh), and the way out to /login when the session cannot be saved.
import {
  ApiRequestError,
  apiRoutes,
  createApiClient,
  type RequestInput,
  ResponseContractError,
  type ResponseOutput,
  type RouteDefinition,
  tokenPair,
} from '@relay/contracts';
import {
  clearSession,
  readSession,
  type Session,
  sessionFromTokens,
  writeSession,
} from '../features/auth/session-store.ts';
import { API_ORIGIN, PARSE_RESPONSES } from './env.ts';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** A route's request parts (params, query, body), optional when the route needs none. */
export type CallArgs<R extends RouteDefinition> =
  {} extends RequestInput<R> ? [input?: RequestInput<R>] : [input: RequestInput<R>];

const NETWORK_MESSAGE = 'Cannot reach the server. Check your connection and try again.';

/** A route called by its contract as the signed-in operator; a 401 refreshes the session once and retries. */
export function call<R extends RouteDefinition>(route: R, ...args: CallArgs<R>): Promise<ResponseOutput<R>> {
  return asOperator((token) => callAs(token, route, ...args));
}

/** A route called by its contract with the given token, or none (login, refresh), without the session's retry. */
export async function callAs<R extends RouteDefinition>(
  token: string | undefined,
  route: R,
  ...args: CallArgs<R>
): Promise<ResponseOutput<R>> {
  const client = createApiClient({ baseUrl: API_ORIGIN, token, parseResponses: PARSE_RESPONSES });
  try {
    return await client.call(route, ...args);
  } catch (error) {
    throw apiErrorOf(route, error);
  }
}

/** The typed client's errors in the shape (and the words) the UI shows. */
function apiErrorOf(route: RouteDefinition, error: unknown): unknown {
  if (error instanceof ApiRequestError) {
    if (error.status === 0) return new ApiError(0, 'network_error', NETWORK_MESSAGE);
    const { code, message, details } = error.error;
    const text = code === 'http_error' ? message.charAt(0).toUpperCase() + message.slice(1) : message;
    return new ApiError(error.status, code, text, details);
  }
  if (error instanceof ResponseContractError) {
    return new ApiError(error.status, 'response_contract', 'The server answered outside its contract.', error.issues);
  }
  // A file's body failing half way is the only other thing the client lets through.
  if (route.binary) return new ApiError(0, 'network_error', 'The download was interrupted. Try again.');
  return error;
}

async function asOperator<T>(send: (token: string) => Promise<T>): Promise<T> {
  const session = readSession();
  if (!session) {
    sendToLogin();
    throw new ApiError(401, 'unauthorized', 'You are signed out.');
  }
  try {
    return await send(session.accessToken);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401) throw error;
  }
  const refreshed = await refreshSession();
  if (!refreshed) throw new ApiError(401, 'unauthorized', 'Your session has ended. Please sign in again.');
  try {
    return await send(refreshed.accessToken);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) endSession();
    throw error;
  }
}

let refreshing: Promise<Session | null> | null = null;

/**
 * Rotates the refresh token. Concurrent callers share one request: a second
 * refresh with the already-rotated token would be refused. Null when the
 * session is gone (it is then cleared and the user sent to /login).
 */
export function refreshSession(): Promise<Session | null> {
  refreshing ??= doRefresh().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

async function doRefresh(): Promise<Session | null> {
  // Read it now: another tab may have rotated the token since we last looked.
  const current = readSession();
  if (!current) return null;
  try {
    // Parsed even in production: a session is built from it, and it is one small answer.
    const tokens = tokenPair.parse(
      await callAs(undefined, apiRoutes.auth.refreshTokens, { body: { refreshToken: current.refreshToken } }),
    );
    const next = sessionFromTokens(tokens);
    writeSession(next);
    return next;
  } catch (error) {
    // Offline is not signed out: keep the session and let the caller retry later.
    if (error instanceof ApiError && error.status === 0) return null;
    const latest = readSession();
    if (latest && latest.refreshToken !== current.refreshToken) return latest; // another tab won the race
    endSession();
    return null;
  }
}

/** An access token valid for at least `marginMs` more, refreshing first when needed. */
export async function freshAccessToken(marginMs = 30_000): Promise<string> {
  const session = readSession();
  if (!session) throw new ApiError(401, 'unauthorized', 'You are signed out.');
  if (session.expiresAt - Date.now() > marginMs) return session.accessToken;
  const refreshed = await refreshSession();
  if (!refreshed) throw new ApiError(401, 'unauthorized', 'Your session has ended. Please sign in again.');
  return refreshed.accessToken;
}

export function endSession(): void {
  clearSession();
  sendToLogin();
}

function sendToLogin() {
  if (typeof window !== 'undefined' && window.location.pathname !== '/login') window.location.replace('/login');
}

/** Readable text for any error a query or mutation threw. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    const issues = Array.isArray(error.details)
      ? (error.details as { path?: unknown[]; message?: string }[])
          .map((issue) => [issue.path?.join('.'), issue.message].filter(Boolean).join(': '))
          .filter(Boolean)
      : [];
    return issues.length > 0 ? `${error.message} (${issues.join('; ')})` : error.message;
  }
  return error instanceof Error ? error.message : 'Something went wrong.';
}
