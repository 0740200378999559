// Talking to /api/v1 as the signed-in operator: the bearer token, the one
// error shape ({error: {code, message, details}}) turned into ApiError, one
// refresh-and-retry on 401 (refresh tokens rotate, so concurrent 401s share a
// single refresh), and the way out to /login when the session cannot be saved.
import { type TokenPair, tokenPair } from '@relay/contracts';
import {
  clearSession,
  readSession,
  type Session,
  sessionFromTokens,
  writeSession,
} from '../features/auth/session-store.ts';
import { API_ORIGIN } from './env.ts';

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

type RequestOptions = { method?: string; body?: unknown; query?: Record<string, string | number | undefined> };

/** A request without the session (login, refresh). */
export async function requestJson<T>(path: string, options: RequestOptions = {}, token?: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(urlOf(path, options.query), {
      method: options.method ?? 'GET',
      headers: {
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiError(0, 'network_error', 'Cannot reach the server. Check your connection and try again.');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const json = text ? safeJson(text) : undefined;
  if (!response.ok) throw errorOf(response, json);
  return json as T;
}

/** A request as the signed-in operator; a 401 refreshes the session once and retries. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  return asOperator((token) => requestJson<T>(path, options, token));
}

/** A file (an attachment's bytes) as the signed-in operator, with the same refresh on 401. */
export async function apiBlob(path: string): Promise<Blob> {
  return asOperator((token) => requestBlob(path, token));
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

async function requestBlob(path: string, token: string): Promise<Blob> {
  let response: Response;
  try {
    response = await fetch(urlOf(path), { headers: { authorization: `Bearer ${token}` } });
  } catch {
    throw new ApiError(0, 'network_error', 'Cannot reach the server. Check your connection and try again.');
  }
  if (!response.ok) {
    const text = await response.text();
    throw errorOf(response, text ? safeJson(text) : undefined);
  }
  try {
    return await response.blob();
  } catch {
    throw new ApiError(0, 'network_error', 'The download was interrupted. Try again.');
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
    const tokens = tokenPair.parse(
      await requestJson<TokenPair>('/auth/refresh', {
        method: 'POST',
        body: { refreshToken: current.refreshToken },
      }),
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

function urlOf(path: string, query?: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) params.set(key, String(value));
  }
  const search = params.toString();
  return `${API_ORIGIN}/api/v1${path}${search ? `?${search}` : ''}`;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function errorOf(response: Response, json: unknown): ApiError {
  const body = (json as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
  if (body?.message) return new ApiError(response.status, body.code ?? 'error', body.message, body.details);
  return new ApiError(response.status, 'http_error', `The server answered ${response.status} ${response.statusText}`);
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
