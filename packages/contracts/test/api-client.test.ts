// The typed client against a fetch that answers what each test needs: the request it builds from
// a route contract, the typed error on a non-2xx, and a drifting success body refused when it
// parses responses (and passed through when it does not).
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  ApiRequestError,
  apiRoutes,
  type CannedResponse,
  createApiClient,
  type Message,
  ResponseContractError,
  type Tag,
} from '../src/index.ts';

type Sent = { url: string; init: RequestInit };

function answering(status: number, body: unknown, statusText = '') {
  const sent: Sent[] = [];
  const fetch = async (url: string, init: RequestInit) => {
    sent.push({ url, init });
    const text = body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body);
    return new Response(text, { status, statusText });
  };
  return { sent, fetch };
}

const TAG: Tag = {
  id: '7a3c1f7e-2b3e-4c5d-8e9f-0a1b2c3d4e5f',
  name: 'vip',
  color: '#d97706',
  createdAt: '2026-12-03T10:00:00.000Z',
  updatedAt: '2026-12-03T10:00:00.000Z',
};

describe('the typed API client', () => {
  it('builds the request from the route contract: method, prefixed path, params, body, token', async () => {
    const { sent, fetch } = answering(200, TAG);
    const client = createApiClient({ baseUrl: 'http://relay.test', fetch, token: 't0ken', parseResponses: true });
    const updated = await client.call(apiRoutes.tags.updateTag, {
      params: { id: TAG.id },
      body: { color: '#D97706' },
    });
    expectTypeOf(updated).toEqualTypeOf<Tag>();
    expect(updated).toEqual(TAG);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.url).toBe(`http://relay.test/api/v1/tags/${TAG.id}`);
    expect(sent[0]?.init.method).toBe('PATCH');
    expect(sent[0]?.init.body).toBe('{"color":"#D97706"}');
    expect(sent[0]?.init.headers).toEqual({ 'content-type': 'application/json', authorization: 'Bearer t0ken' });
  });

  it('encodes path parameters and query values, leaving out undefined ones', async () => {
    const { sent, fetch } = answering(200, { items: [] });
    const client = createApiClient({ baseUrl: '', fetch, token: async () => 'later' });
    const list = await client.call(apiRoutes.cannedResponses.listCannedResponses, { query: { q: '50% off & more' } });
    expectTypeOf(list).toEqualTypeOf<{ items: CannedResponse[] }>();
    await client.call(apiRoutes.cannedResponses.listCannedResponses, { query: { q: undefined } });
    await client.call(apiRoutes.cannedResponses.listCannedResponses);
    expect(sent.map((s) => s.url)).toEqual([
      '/api/v1/canned-responses?q=50%25+off+%26+more',
      '/api/v1/canned-responses',
      '/api/v1/canned-responses',
    ]);
    expect(sent[0]?.init.headers).toEqual({ authorization: 'Bearer later' });
  });

  it('returns nothing for a 204', async () => {
    const { fetch } = answering(204, undefined);
    const client = createApiClient({ baseUrl: '', fetch, parseResponses: true });
    const done = await client.call(apiRoutes.tags.deleteTag, { params: { id: TAG.id } });
    expectTypeOf(done).toEqualTypeOf<undefined>();
    expect(done).toBeUndefined();
  });

  it('throws ApiRequestError with the status and the error body on a non-2xx', async () => {
    const error = { code: 'conflict', message: 'a tag named "vip" already exists' };
    const client = createApiClient({ baseUrl: '', fetch: answering(409, { error }).fetch });
    const thrown = await client.call(apiRoutes.tags.createTag, { body: { name: 'VIP' } }).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(ApiRequestError);
    expect(thrown).toMatchObject({ status: 409, code: 'conflict', error });
  });

  it('reports an answer without the error shape, and no answer at all, in the same error type', async () => {
    const proxy = createApiClient({
      baseUrl: '',
      fetch: answering(502, '<html>bad gateway</html>', 'Bad Gateway').fetch,
    });
    await expect(proxy.call(apiRoutes.tags.listTags)).rejects.toMatchObject({
      status: 502,
      error: { code: 'http_error', message: 'the server answered 502 Bad Gateway' },
    });
    const offline = createApiClient({
      baseUrl: '',
      fetch: () => Promise.reject(new TypeError('fetch failed')),
    });
    await expect(offline.call(apiRoutes.tags.listTags)).rejects.toMatchObject({
      status: 0,
      error: { code: 'network_error' },
    });
  });

  it('rejects a success body that drifts from its schema when it parses responses', async () => {
    const drifted = { ...TAG, createdAt: new Date(TAG.createdAt).getTime(), name: undefined };
    const strict = createApiClient({ baseUrl: '', fetch: answering(201, drifted).fetch, parseResponses: true });
    const thrown = await strict.call(apiRoutes.tags.createTag, { body: { name: 'vip' } }).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(ResponseContractError);
    const { operationId, status, issues } = thrown as ResponseContractError;
    expect({ operationId, status }).toEqual({ operationId: 'createTag', status: 201 });
    expect(issues.map((issue) => issue.path.join('.')).sort()).toEqual(['createdAt', 'name']);

    const wrongStatus = createApiClient({ baseUrl: '', fetch: answering(200, TAG).fetch, parseResponses: true });
    await expect(wrongStatus.call(apiRoutes.tags.createTag, { body: { name: 'vip' } })).rejects.toMatchObject({
      name: 'ResponseContractError',
      issues: [{ path: [], message: 'answered 200, the contract says 201' }],
    });

    const lenient = createApiClient({ baseUrl: '', fetch: answering(201, drifted).fetch });
    expect(await lenient.call(apiRoutes.tags.createTag, { body: { name: 'vip' } })).toEqual({
      ...TAG,
      createdAt: drifted.createdAt,
      name: undefined,
    });
  });

  it('takes either status an idempotent create declares (sendMessage: 201 sent, 200 repeated), and no other', async () => {
    const sent: Message = {
      tenantId: '1a3c1f7e-2b3e-4c5d-8e9f-0a1b2c3d4e5f',
      id: '2a3c1f7e-2b3e-4c5d-8e9f-0a1b2c3d4e5f',
      conversationId: TAG.id,
      channelAccountId: '3a3c1f7e-2b3e-4c5d-8e9f-0a1b2c3d4e5f',
      direction: 'outbound',
      actorType: 'operator',
      actorId: '4a3c1f7e-2b3e-4c5d-8e9f-0a1b2c3d4e5f',
      type: 'text',
      content: 'hello',
      externalMessageId: null,
      clientMessageId: 'composer-0001',
      status: 'pending',
      error: null,
      replyToId: null,
      metadata: {},
      createdAt: TAG.createdAt,
      updatedAt: TAG.updatedAt,
      attachments: [],
    };
    const input = { params: { id: TAG.id }, body: { content: 'hello', clientMessageId: 'composer-0001' } };
    for (const status of [201, 200]) {
      const client = createApiClient({ baseUrl: '', fetch: answering(status, sent).fetch, parseResponses: true });
      expect(await client.call(apiRoutes.conversations.sendMessage, input)).toEqual(sent);
    }
    const accepted = createApiClient({ baseUrl: '', fetch: answering(202, sent).fetch, parseResponses: true });
    await expect(accepted.call(apiRoutes.conversations.sendMessage, input)).rejects.toMatchObject({
      name: 'ResponseContractError',
      issues: [{ path: [], message: 'answered 202, the contract says 200 or 201' }],
    });
  });
});
