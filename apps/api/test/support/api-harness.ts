// Starts the real API on a free port against the run's database, with
// teardown registered here. Events the API publishes are recorded.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '@relay/config';
import { type ApiClient, ApiRequestError, createApiClient, type TokenPair } from '@relay/contracts';
import { type EventRow, type Sql, seedDemoTenant } from '@relay/db';
import { uniqueSlug, useTestDb } from '@relay/db/testing';
import { createLogger } from '@relay/logger';
import { afterAll } from 'vitest';
import { type ApiDeps, createApi } from '../../src/app.ts';

// Port 9 (discard) on loopback is the callback URL tests give api channel
// accounts that never send: allowlisted explicitly, as a deployment would.
export const config = loadConfig({ NODE_ENV: 'test', OUTBOUND_ALLOW: '127.0.0.1:9' });

// biome-ignore lint/suspicious/noExplicitAny: replies are asserted field by field in tests
export type Reply = { status: number; body: any; headers: Headers };

export type Api = {
  url: string;
  sql: Sql;
  published: EventRow[];
  call(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> },
  ): Promise<Reply>;
  /**
   * The typed client (@relay/contracts createApiClient) as this token, parsing every success body
   * with its route's schema, so an answer that drifts from its contract fails the test.
   * `headers` go on every request (X-Forwarded-For, to be someone else).
   */
  client(token?: string, headers?: Record<string, string>): ApiClient;
  login(slug: string, email: string, password?: string): Promise<TokenPair>;
  demoTenant(): Promise<{ tenantId: string; slug: string }>;
};

export function useApi(overrides: Partial<ApiDeps> = {}): Api {
  const sql = useTestDb();
  const published: EventRow[] = [];
  let server: Server | undefined;
  let url = '';
  const ready = (async () => {
    const started = createServer(
      createApi({
        sql,
        logger: createLogger({ app: 'api-test', level: 'silent' }),
        config,
        publisher: { publish: async (events) => void published.push(...events) },
        ...overrides,
      }),
    );
    server = started;
    await new Promise<void>((resolve) => started.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(started.address() as AddressInfo).port}`;
  })();
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  const api: Api = {
    get url() {
      return url;
    },
    sql,
    published,
    async call(method, path, options = {}) {
      await ready;
      const headers: Record<string, string> = { ...options.headers };
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      let body: string | undefined = options.raw;
      if (options.body !== undefined) {
        body = JSON.stringify(options.body);
        headers['content-type'] = 'application/json';
      } else if (options.raw !== undefined) {
        headers['content-type'] ??= 'application/json';
      }
      const res = await fetch(`${url}${path}`, { method, headers, body });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON: keep the text so the assertion shows it
      }
      return { status: res.status, body: parsed, headers: res.headers };
    },
    client(token, headers) {
      return createApiClient({
        baseUrl: '',
        // The server may still be starting when the client is made: its URL is known once it listens.
        fetch: async (path, init) => {
          await ready;
          return fetch(`${url}${path}`, init);
        },
        ...(token ? { token } : {}),
        ...(headers ? { headers } : {}),
        parseResponses: true,
      });
    },
    async login(slug, email, password = 'demo1234') {
      const reply = await api.call('POST', '/api/v1/auth/login', { body: { tenant: slug, email, password } });
      if (reply.status !== 200) throw new Error(`login failed: ${reply.status} ${JSON.stringify(reply.body)}`);
      return reply.body as TokenPair;
    },
    async demoTenant() {
      const slug = uniqueSlug('demo');
      const tenantId = await seedDemoTenant(sql, { slug, name: `Demo ${slug}`, encryptionKey: config.encryptionKey });
      return { tenantId, slug };
    },
  };
  return api;
}

export function expectErrorShape(reply: Reply, status: number, code?: string) {
  const ok =
    reply.status === status &&
    typeof reply.body?.error?.code === 'string' &&
    typeof reply.body?.error?.message === 'string' &&
    (code === undefined || reply.body.error.code === code);
  if (!ok)
    throw new Error(`expected ${status} ${code ?? ''} error shape, got ${reply.status} ${JSON.stringify(reply.body)}`);
}

/** The typed client's refusal: the call must fail with this status (and code), in the error shape. */
export async function refused(call: Promise<unknown>, status: number, code?: string): Promise<ApiRequestError> {
  const outcome = await call.then(
    (body) => ({ body }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome))
    throw new Error(`expected ${status} ${code ?? ''}, got a success: ${JSON.stringify(outcome.body)}`);
  const { error } = outcome;
  if (!(error instanceof ApiRequestError) || error.status !== status || (code !== undefined && error.code !== code)) {
    throw new Error(`expected ${status} ${code ?? ''}, got ${String(error)} ${JSON.stringify(error)}`);
  }
  return error;
}
