// A fuzz test over every operation in the served OpenAPI document: path
// parameters, query strings and bodies generated from its schemas (mostly
// fitting, so requests reach the handlers and the database, each part now and
// then swapped for hostile JSON: deep, odd types, huge numbers, NUL, lone
// surrogates), sent as the owner of a fresh workspace and with no token, to
// the real API on the test database. Every answer is below 500 and in the
// error shape when it is an error; the process is still answering at the end.
// A few runs per operation keep it under a minute on PGlite; the seed is
// fast-check's (printed on failure, so a failure can be replayed).
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../src/openapi/build-document.ts';
import { config, useApi } from './support/api-harness.ts';
import { type Context, hostileJson, near, pathParam, queryPairs, type Schema } from './support/openapi-arbitraries.ts';

// The fuzz sends many wrong passwords from one address; the login limits are tested in auth-limits.test.ts,
// and here they would only lock the harness's own re-login out (and slow every run by their delays).
const api = useApi({
  authLimits: {
    login: { perIp: 1_000_000, perAccountIp: 1_000_000, accountSlowAfter: 1_000_000, delayBaseMs: 1, maxDelayMs: 2 },
  },
});
const RUNS_PER_OPERATION = 10;

type Operation = { method: string; path: string; spec: Schema };

// Built at collection time (one test per operation); a test checks it is the document the API serves.
const document = JSON.parse(JSON.stringify(buildOpenApiDocument(config.publicUrl))) as {
  paths: Record<string, Schema>;
};
const operations: Operation[] = Object.entries(document.paths).flatMap(([path, item]) =>
  Object.entries<Schema>(item).map(([method, spec]) => ({ method: method.toUpperCase(), path, spec })),
);
const byTable = new Map<string, string[]>();
const context: Context = {
  ids: [],
  // "funnel-stages" → funnel_stages; the webhook path's channel is a channel name.
  idsOf: (resource) =>
    resource === 'webhooks' ? ['telegram', 'whatsapp', 'api'] : (byTable.get(resource.replaceAll('-', '_')) ?? []),
};
let owner = { slug: '', token: '' };

async function freshOwner() {
  const { slug } = await api.demoTenant();
  return { slug, token: (await api.login(slug, 'owner@demo.test')).accessToken };
}

/** The fuzz may end the owner's session (a logout): log in again, in a new workspace if that fails. */
async function loginAgain() {
  const reply = await api.call('POST', '/api/v1/auth/login', {
    body: { tenant: owner.slug, email: 'owner@demo.test', password: 'demo1234' },
  });
  owner = reply.status === 200 ? { ...owner, token: reply.body.accessToken } : await freshOwner();
}

beforeAll(async () => {
  owner = await freshOwner();
  // Ids of every table the owner's workspace has rows in, and another workspace's conversations
  // (which must look like no id at all).
  const other = await api.demoTenant();
  const tables = await api.sql<{ table: string }[]>`
    select table_name as table from information_schema.columns
     where table_schema = 'public' and column_name in ('id', 'tenant_id')
     group by table_name having count(*) = 2`;
  for (const { table } of tables) {
    const rows = await api.sql<{ id: string }[]>`
      select id::text from ${api.sql(table)} where tenant_id = (select id from tenants where slug = ${owner.slug})`;
    byTable.set(
      table,
      rows.map((r) => r.id),
    );
  }
  const foreign = await api.sql<
    { id: string }[]
  >`select id::text from conversations where tenant_id = ${other.tenantId}`;
  context.ids = [...[...byTable.values()].flat(), ...foreign.map((r) => r.id)];
});

/** The path segment before a parameter: "conversations" for /conversations/{id}. */
const resourceOf = (path: string, name: string) => {
  const segments = path.split('/');
  return segments[segments.indexOf(`{${name}}`) - 1] ?? '';
};

type Request = {
  path: string;
  query: [string, string][];
  body: { json: unknown } | { raw: string } | undefined;
  auth: string;
};

function requestFor(op: Operation): fc.Arbitrary<Request> {
  const params: Schema[] = op.spec.parameters ?? [];
  const pathNames = params.filter((p) => p.in === 'path').map((p) => p.name as string);
  const query = Object.fromEntries(
    params.filter((p) => p.in === 'query').map((p) => [p.name, near(p.schema, context)]),
  );
  const bodySchema: Schema | undefined = op.spec.requestBody?.content?.['application/json']?.schema;
  const body = bodySchema
    ? fc.oneof(
        { weight: 8, arbitrary: near(bodySchema, context).map((json) => ({ json })) },
        { weight: 1, arbitrary: hostileJson.map((json) => ({ json })) },
        {
          weight: 1,
          arbitrary: fc
            .constantFrom(
              '{"a":',
              '[1,]',
              '',
              'null',
              '"\\ud800"',
              '{"content":"\\u0000"}',
              '{"priority":1e999999,"limit":123456789012345678901234567890}',
            )
            .map((raw) => ({ raw })),
        },
      )
    : fc.constant(undefined);
  return fc.record({
    path: fc
      .tuple(...pathNames.map((name) => pathParam(context, resourceOf(op.path, name))))
      .map((values) => pathNames.reduce((path, name, i) => path.replace(`{${name}}`, values[i] ?? ''), op.path)),
    query: fc.record(query, { requiredKeys: [] }).map(queryPairs),
    body,
    auth: fc.constantFrom('owner', 'owner', 'owner', 'owner', 'none', 'junk'),
  });
}

async function send(op: Operation, request: Request) {
  const search = request.query.length ? `?${new URLSearchParams(request.query)}` : '';
  const token = request.auth === 'owner' ? owner.token : request.auth === 'junk' ? 'not.a.jwt' : undefined;
  const body = request.body && ('json' in request.body ? { body: request.body.json } : { raw: request.body.raw });
  return api.call(op.method, `${request.path}${search}`, { ...(token ? { token } : {}), ...body });
}

describe('fuzzing every OpenAPI operation', () => {
  it('fuzzes the document the API serves', async () => {
    expect((await api.call('GET', '/api/docs/openapi.json')).body).toEqual(document);
    expect(operations.length).toBeGreaterThan(40);
  });

  it.each(operations.map((op) => [op.method, op.path, op] as const))('%s %s: no 5xx', async (_m, _p, op) => {
    await fc.assert(
      fc.asyncProperty(requestFor(op), async (request) => {
        const reply = await send(op, request);
        const where = `${op.method} ${request.path} ${JSON.stringify(request)}`;
        if (reply.status >= 500) throw new Error(`${where}: ${reply.status} ${JSON.stringify(reply.body)}`);
        if (reply.status >= 400 && typeof reply.body?.error?.code !== 'string') {
          throw new Error(`${where}: ${reply.status} without the error shape: ${JSON.stringify(reply.body)}`);
        }
        if (request.auth === 'owner' && reply.status === 401) await loginAgain();
      }),
      { numRuns: RUNS_PER_OPERATION },
    );
  });

  it('leaves the process answering', async () => {
    expect((await api.call('GET', '/healthz')).status).toBe(200);
  });
});
