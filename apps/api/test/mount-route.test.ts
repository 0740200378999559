// routeMounter against a small Express app of its own (no database): a handler whose answer
// breaks its contract, or sends a field the contract does not have, is a logged 500
// response_contract in development and test, and is sent unchecked in production, where the typed
// client (parsing answers) is what refuses a broken answer and drops an extra field.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ApiRequestError,
  createApiClient,
  defineRoute,
  idParams,
  isoTime,
  ResponseContractError,
} from '@relay/contracts';
import { createLogger } from '@relay/logger';
import express, { Router } from 'express';
import { pinoHttp } from 'pino-http';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { errorHandler } from '../src/http/error-handler.ts';
import { routeMounter } from '../src/http/mount-route.ts';

const widget = z.object({ id: z.uuid(), name: z.string(), createdAt: isoTime });
type Widget = z.infer<typeof widget>;
/** Widgets beside a loose record (it keeps every key), a union, a value a transform changes and a default. */
const widgetShelf = z.object({
  items: z.array(widget),
  labels: z.record(z.string(), z.unknown()),
  size: z.union([z.object({ count: z.number() }), z.object({ count: z.number(), unit: z.string() })]),
  note: z.string().transform((text) => ({ text })),
  place: z.string().default('back'),
});

const routes = {
  createWidget: defineRoute({
    method: 'POST',
    path: '/widgets/:id',
    operationId: 'createWidget',
    summary: 'A widget, as the contract says',
    tag: 'test',
    auth: false,
    params: idParams,
    body: z.object({ name: z.string().min(1) }),
    responses: { 201: widget },
  }),
  driftingWidget: defineRoute({
    method: 'GET',
    path: '/widgets/:id',
    operationId: 'driftingWidget',
    summary: 'A widget whose answer breaks the contract',
    tag: 'test',
    auth: false,
    params: idParams,
    responses: { 200: widget },
  }),
  /** An idempotent create: 201 the first time an id is put, 200 (the same widget) on a repeat. */
  putWidgetOnce: defineRoute({
    method: 'POST',
    path: '/widgets-once/:id',
    operationId: 'putWidgetOnce',
    summary: 'A widget made once per id',
    tag: 'test',
    auth: false,
    params: idParams,
    body: z.object({ name: z.string().min(1) }),
    responses: { 201: widget, 200: widget },
  }),
  leakyShelf: defineRoute({
    method: 'GET',
    path: '/leaky-shelf',
    operationId: 'leakyShelf',
    summary: 'A shelf whose answer carries fields the contract does not have',
    tag: 'test',
    auth: false,
    responses: { 200: widgetShelf },
  }),
  tidyShelf: defineRoute({
    method: 'GET',
    path: '/tidy-shelf',
    operationId: 'tidyShelf',
    summary: 'A shelf with only the contract’s fields',
    tag: 'test',
    auth: false,
    responses: { 200: widgetShelf },
  }),
  privateWidget: defineRoute({
    method: 'GET',
    path: '/private-widgets',
    operationId: 'privateWidget',
    summary: 'Needs a caller',
    tag: 'test',
    responses: { 200: widget },
  }),
};

const ID = '7a3c1f7e-2b3e-4c5d-8e9f-0a1b2c3d4e5f';
const servers: Server[] = [];
afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** The app under /api/v1, as app.ts mounts the API; what it logs at error level is returned too. */
async function start(env: 'test' | 'development' | 'production') {
  const logged: { msg: string; operationId?: string; issues?: unknown }[] = [];
  const logger = createLogger({
    app: 'mount-route-test',
    level: 'error',
    destination: { write: (line: string) => void logged.push(JSON.parse(line)) },
  });
  const router = Router();
  const mount = routeMounter(router, { config: { env } as never });
  mount(routes.createWidget, async ({ params, body }) => ({
    id: params.id,
    name: body.name,
    createdAt: new Date(0).toISOString(),
  }));
  // A row the types say is a Widget but is not (a Date where the wire wants ISO text, a number for a name).
  const untrustedRow = JSON.parse(`{"id":"${ID}","name":42}`) as Widget;
  mount(routes.driftingWidget, async () => ({ ...untrustedRow, createdAt: new Date(0) as unknown as string }));
  // A column leaking at the top, one in an object inside an array, and one in the union's branch
  // (the first branch parses, and it has no unit); the record's keys are all the contract's.
  const gear = { id: ID, name: 'gear', createdAt: new Date(0).toISOString() };
  const shelf = { items: [gear, gear], labels: { anything: { goes: true } }, size: { count: 2 }, note: 'two' };
  const leaky = {
    ...shelf,
    items: [gear, { ...gear, passwordHash: 'x' }],
    size: { count: 2, unit: 'kg' },
    tenantPlan: 'pro',
  };
  mount(routes.leakyShelf, async () => leaky);
  mount(routes.tidyShelf, async () => shelf);
  mount(routes.privateWidget, async () => ({ id: ID, name: 'x', createdAt: new Date(0).toISOString() }));
  const made = new Map<string, Widget>();
  mount(routes.putWidgetOnce, async ({ params: { id }, body }) => {
    const first = made.get(id);
    if (first) return { status: 200 as const, body: first };
    const widget = { id, name: body.name, createdAt: new Date(0).toISOString() };
    made.set(id, widget);
    return { status: 201 as const, body: widget };
  });

  const app = express();
  app.use(pinoHttp({ logger }));
  app.use(express.json());
  app.use('/api/v1', router);
  app.use(errorHandler);
  const server = createServer(app);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { baseUrl, logged };
}

describe('a route mounted from its contract', () => {
  it('parses its parts and answers with the contract’s status and body', async () => {
    const { baseUrl } = await start('test');
    const client = createApiClient({ baseUrl, parseResponses: true });
    expect(await client.call(routes.createWidget, { params: { id: ID }, body: { name: 'gear' } })).toEqual({
      id: ID,
      name: 'gear',
      createdAt: '1970-01-01T00:00:00.000Z',
    });
    const bad = await client
      .call(routes.createWidget, { params: { id: 'nope' }, body: { name: '' } })
      .catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ApiRequestError);
    expect(bad).toMatchObject({ status: 400, error: { code: 'bad_request', message: 'invalid params' } });
    await expect(client.call(routes.privateWidget)).rejects.toMatchObject({
      status: 401,
      error: { code: 'unauthorized' },
    });
  });

  it('answers an idempotent create with the status its handler names, 201 then 200, both parsed by the client', async () => {
    const { baseUrl } = await start('test');
    const post = (name: string) =>
      fetch(`${baseUrl}/api/v1/widgets-once/${ID}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name }),
      });
    const first = await post('gear');
    expect(first.status).toBe(201);
    const gear = { id: ID, name: 'gear', createdAt: '1970-01-01T00:00:00.000Z' };
    expect(await first.json()).toEqual(gear);
    const again = await post('other');
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(gear);

    const client = createApiClient({ baseUrl, parseResponses: true });
    const other = '0b7e3c1f-2b3e-4c5d-8e9f-0a1b2c3d4e5f';
    const created = await client.call(routes.putWidgetOnce, { params: { id: other }, body: { name: 'cog' } });
    expect(created).toEqual({ id: other, name: 'cog', createdAt: '1970-01-01T00:00:00.000Z' });
    expect(await client.call(routes.putWidgetOnce, { params: { id: other }, body: { name: 'x' } })).toEqual(created);
  });

  it.each(['test', 'development'] as const)('in %s, refuses to send an answer that breaks its schema', async (env) => {
    const { baseUrl, logged } = await start(env);
    const client = createApiClient({ baseUrl });
    const thrown = await client.call(routes.driftingWidget, { params: { id: ID } }).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(ApiRequestError);
    const { status, error } = thrown as ApiRequestError;
    expect(status).toBe(500);
    expect(error.code).toBe('response_contract');
    expect(error.message).toBe('the driftingWidget answer does not match its contract');
    expect((error.details as { path: string[] }[]).map((issue) => issue.path.join('.')).sort()).toEqual([
      'createdAt',
      'name',
    ]);
    const report = logged.find((line) => line.msg === 'a route answered outside its contract');
    expect(report).toMatchObject({ operationId: 'driftingWidget', issues: expect.any(Array) });
  });

  it.each(['test', 'development'] as const)(
    'in %s, refuses an answer with a field its contract does not have, at any depth',
    async (env) => {
      const { baseUrl, logged } = await start(env);
      const client = createApiClient({ baseUrl });
      const thrown = await client.call(routes.leakyShelf).catch((e: unknown) => e);
      expect(thrown).toBeInstanceOf(ApiRequestError);
      const { status, error } = thrown as ApiRequestError;
      expect(status).toBe(500);
      expect(error.code).toBe('response_contract');
      expect(error.message).toBe('the leakyShelf answer does not match its contract');
      expect((error.details as { path: string[] }[]).map((issue) => issue.path.join('.')).sort()).toEqual([
        'items.1.passwordHash',
        'size.unit',
        'tenantPlan',
      ]);
      const report = logged.find((line) => line.msg === 'a route answered outside its contract');
      expect(report).toMatchObject({ operationId: 'leakyShelf', issues: expect.any(Array) });
    },
  );

  it('does not count a record’s keys, a transformed value or a default as extra fields', async () => {
    const { baseUrl, logged } = await start('test');
    const client = createApiClient({ baseUrl, parseResponses: true });
    expect(await client.call(routes.tidyShelf)).toMatchObject({
      labels: { anything: { goes: true } },
      note: { text: 'two' },
      place: 'back',
    });
    expect(logged).toEqual([]);
  });

  it('in production, sends an extra field unchecked; the typed client parsing answers drops it', async () => {
    const { baseUrl, logged } = await start('production');
    const raw = (await (await fetch(`${baseUrl}/api/v1/leaky-shelf`)).json()) as Record<string, unknown>;
    expect(raw).toMatchObject({ tenantPlan: 'pro' });
    const parsed = await createApiClient({ baseUrl, parseResponses: true }).call(routes.leakyShelf);
    expect(parsed).not.toHaveProperty('tenantPlan');
    expect(parsed.items[1]).not.toHaveProperty('passwordHash');
    expect(logged).toEqual([]);
  });

  it('in production, sends it unchecked; the typed client parsing answers refuses it', async () => {
    const { baseUrl, logged } = await start('production');
    const lenient = createApiClient({ baseUrl });
    expect(await lenient.call(routes.driftingWidget, { params: { id: ID } })).toEqual({
      id: ID,
      name: 42,
      createdAt: '1970-01-01T00:00:00.000Z',
    });
    const strict = createApiClient({ baseUrl, parseResponses: true });
    const thrown = await strict.call(routes.driftingWidget, { params: { id: ID } }).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(ResponseContractError);
    expect((thrown as ResponseContractError).issues.map((issue) => issue.path.join('.'))).toEqual(['name']);
    expect(logged).toEqual([]);
  });
});
