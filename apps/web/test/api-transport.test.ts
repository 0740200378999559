// The web's transport: the data layer calls routes by their contracts, so a
// request's method and URL are the contract's, with the session's bearer
// token; the typed client's refusals reach the UI as ApiError, in its words.
import { API_PREFIX, apiRoutes } from '@relay/contracts';
import { QueryClient } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clientRequests } from '../src/data/clients.ts';
import { conversationQueries } from '../src/data/conversations.ts';
import { tagQueries, tagRequests } from '../src/data/tags.ts';
import { ApiError } from '../src/lib/api.ts';

const TAG_ID = '00000000-0000-4000-8000-0000000000f1';
const CLIENT_ID = '00000000-0000-4000-8000-0000000000f2';

type Sent = { url: string; method: string; authorization?: string; body?: unknown };

let sent: Sent[];
let answer: () => Response;

beforeEach(() => {
  sent = [];
  const store = new Map<string, string>();
  vi.stubGlobal('window', {
    localStorage: {
      getItem: (key: string) => store.get(key) ?? null,
      setItem: (key: string, value: string) => store.set(key, value),
      removeItem: (key: string) => store.delete(key),
    },
    location: { pathname: '/inbox', replace: vi.fn() },
  });
  store.set(
    'relay.session',
    JSON.stringify({
      accessToken: 'access-1',
      refreshToken: 'refresh-token-0123456789',
      expiresAt: Date.now() + 600_000,
      operator: { id: 'op' },
    }),
  );
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    const headers = (init.headers ?? {}) as Record<string, string>;
    sent.push({
      url,
      method: init.method ?? 'GET',
      authorization: headers.authorization,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
    });
    return answer();
  });
});

afterEach(() => {
  vi.unstubAllGlobals();
});

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('the data layer calls routes by contract', () => {
  it('a list query sends the contract’s method and path with the bearer token, and returns its answer', async () => {
    const items = [{ id: TAG_ID, name: 'vip', color: '#ff0000', createdAt: 'x', updatedAt: 'x' }];
    answer = () => json(200, { items });
    const data = await new QueryClient().fetchQuery(tagQueries.all());
    expect(data).toEqual({ items });
    expect(sent).toEqual([
      {
        url: `${API_PREFIX}${apiRoutes.tags.listTags.path}`,
        method: apiRoutes.tags.listTags.method,
        authorization: 'Bearer access-1',
        body: undefined,
      },
    ]);
  });

  it('a write fills the contract’s path parameters and sends its body', async () => {
    answer = () => json(200, { id: TAG_ID, name: 'vip', color: '#123456', createdAt: 'x', updatedAt: 'x' });
    await tagRequests.update(TAG_ID, { color: '#123456' });
    expect(apiRoutes.tags.updateTag.path).toBe('/tags/:id');
    expect(sent[0]).toMatchObject({
      url: `${API_PREFIX}/tags/${TAG_ID}`,
      method: apiRoutes.tags.updateTag.method,
      body: { color: '#123456' },
    });
  });

  it('the inbox list puts its view, filters and page size in the contract’s query', async () => {
    answer = () => json(200, { items: [], nextCursor: null });
    await new QueryClient().fetchInfiniteQuery(conversationQueries.list('mine', { statuses: ['open', 'pending'] }));
    const url = new URL(sent[0]?.url ?? '', 'http://web.test');
    expect(url.pathname).toBe(`${API_PREFIX}${apiRoutes.conversations.listConversations.path}`);
    expect(Object.fromEntries(url.searchParams)).toEqual({ view: 'mine', status: 'open,pending', limit: '30' });
  });
});

describe('errors reach the UI as ApiError', () => {
  it('keeps the API’s code, message and details', async () => {
    const details = [{ path: ['mergedClientId'], message: 'Invalid UUID' }];
    answer = () => json(400, { error: { code: 'bad_request', message: 'The request is invalid', details } });
    const error = await clientRequests.merge(CLIENT_ID, { mergedClientId: CLIENT_ID }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, code: 'bad_request', message: 'The request is invalid', details });
    expect(sent[0]?.url).toBe(`${API_PREFIX}/clients/${CLIENT_ID}/merge`);
  });

  it('says the server cannot be reached in the UI’s words when fetch fails', async () => {
    answer = () => {
      throw new TypeError('fetch failed');
    };
    const error = await tagRequests.remove(TAG_ID).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 0,
      code: 'network_error',
      message: 'Cannot reach the server. Check your connection and try again.',
    });
  });
});
