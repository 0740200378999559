// Bad input on every route, generated from the router: a clear 4xx with the
// error shape, never a 500, whatever arrives.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Reply, useApi } from './support/api-harness.ts';
import { listApiRoutes } from './support/routes.ts';

const api = useApi();
const routes = listApiRoutes();
const withBody = routes.filter((r) => ['POST', 'PATCH', 'PUT'].includes(r.method));

let token = '';
let conversationId = '';
let messageId = '';
beforeAll(async () => {
  const { slug, tenantId } = await api.demoTenant();
  token = (await api.login(slug, 'owner@demo.test')).accessToken;
  const [row] = await api.sql<{ id: string }[]>`select id from conversations where tenant_id = ${tenantId} limit 1`;
  conversationId = row?.id as string;
  const [message] = await api.sql<{ id: string }[]>`
    select id from messages where tenant_id = ${tenantId} and conversation_id = ${conversationId} limit 1`;
  messageId = message?.id as string;
});

// A real message of the conversation for routes under /messages/:messageId, so the body is what gets judged;
// an attachment id that names none (no provider is called), so only the input is judged.
const pathOf = (path: string, id = conversationId) =>
  path
    .replace(':id', id)
    .replace(':messageId', messageId)
    .replace(':attachmentId', '00000000-0000-4000-8000-00000000a77a');

function expectClientError(reply: Reply, where: string) {
  const ok =
    reply.status >= 400 &&
    reply.status < 500 &&
    typeof reply.body?.error?.code === 'string' &&
    typeof reply.body?.error?.message === 'string';
  if (!ok) throw new Error(`${where}: expected a 4xx error shape, got ${reply.status} ${JSON.stringify(reply.body)}`);
}

describe('bad input on every route', () => {
  it.each(withBody.map((r) => [`${r.method} ${r.path}`, r] as const))(
    '%s: malformed JSON is a 400',
    async (_k, route) => {
      const reply = await api.call(route.method, pathOf(route.path), { token, raw: '{"content": "unterminated' });
      expect(reply.status).toBe(400);
      expect(reply.body.error).toMatchObject({ code: 'bad_request', message: 'the request body is not valid JSON' });
    },
  );

  it.each(withBody.map((r) => [`${r.method} ${r.path}`, r] as const))(
    '%s: an oversized body is a 413',
    async (_k, route) => {
      const reply = await api.call(route.method, pathOf(route.path), {
        token,
        raw: JSON.stringify({ content: 'x'.repeat(300 * 1024) }),
      });
      expect(reply.status).toBe(413);
      expect(reply.body.error.code).toBe('payload_too_large');
    },
  );

  it.each(withBody.map((r) => [`${r.method} ${r.path}`, r] as const))(
    '%s: a body of the wrong shape is a 400 with details',
    async (_k, route) => {
      const reply = await api.call(route.method, pathOf(route.path), { token, body: [1, 2, 3] });
      expect(reply.status).toBe(400);
      expect(reply.body.error.details).toEqual(expect.any(Array));
    },
  );

  it.each(routes.filter((r) => r.path.includes(':id')).map((r) => [`${r.method} ${r.path}`, r] as const))(
    '%s: an id that is not a UUID is a 400',
    async (_k, route) => {
      const reply = await api.call(route.method, pathOf(route.path, "1' or '1'='1"), {
        token,
        ...(route.method === 'GET' ? {} : { body: {} }),
      });
      expect(reply.status).toBe(400);
      expect(reply.body.error.details[0].path).toEqual(['id']);
    },
  );

  it.each(withBody.map((r) => [`${r.method} ${r.path}`, r] as const))(
    '%s: a NUL character in the body is a 400',
    async (_k, route) => {
      const reply = await api.call(route.method, pathOf(route.path), {
        token,
        body: { content: 'a\u0000b', name: 'x' },
      });
      expect(reply.status).toBe(400);
      expect(reply.body.error.details[0].message).toMatch(/NUL/);
    },
  );

  it.each(routes.filter((r) => r.method === 'GET').map((r) => [`${r.method} ${r.path}`, r] as const))(
    '%s: a NUL character in the query is refused with the field named, or ignored',
    async (_k, route) => {
      const reply = await api.call('GET', `${pathOf(route.path)}?q=%00&after=1`, { token });
      expect(reply.status).toBeLessThan(500);
      if (reply.status === 400) expect(reply.body.error.details[0].path).toEqual(['q']);
    },
  );

  it('refuses bad query strings with the parameter named', async () => {
    const reply = await api.call('GET', '/api/v1/conversations?view=everything&limit=-4&cursor=%%%', { token });
    expect(reply.status).toBe(400);
    const paths = reply.body.error.details.map((d: { path: string[] }) => d.path[0]);
    expect(paths).toEqual(expect.arrayContaining(['view', 'limit', 'cursor']));
    expect((await api.call('GET', '/api/v1/events?after=-1', { token })).status).toBe(400);
  });

  it('answers unknown routes with a 404 in the error shape', async () => {
    const reply = await api.call('GET', '/api/v1/no-such-thing', { token });
    expect(reply.status).toBe(404);
    expect(reply.body.error.code).toBe('not_found');
  });

  it('never answers 5xx to random JSON on any route (property-based)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.jsonValue({ maxDepth: 3 }),
        fc.constantFrom('', '?limit=0', '?limit=9999', '?status=nope', '?after=1e99', '?cursor=abc', '?q=%00'),
        async (route, body, query) => {
          const method = route.method;
          const reply = await api.call(method, pathOf(route.path) + (method === 'GET' ? query : ''), {
            token,
            ...(method === 'GET' ? {} : { body }),
          });
          if (reply.status >= 500)
            throw new Error(`${method} ${route.path}: ${reply.status} for ${JSON.stringify(body)}`);
          if (reply.status >= 400) expectClientError(reply, `${method} ${route.path}`);
        },
      ),
      { numRuns: 150 },
    );
  });
});
