import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument, DOCUMENTED_OPERATIONS } from '../src/openapi/build-document.ts';
import { useApi } from './support/api-harness.ts';
import { listApiRoutes, listWebhookRoutes } from './support/routes.ts';

const api = useApi();
const key = (r: { method: string; path: string }) => `${r.method} ${r.path}`;

describe('the OpenAPI document', () => {
  it('documents every route the router serves, and nothing else', () => {
    const served = [...listApiRoutes(), ...listWebhookRoutes()].map(key).sort();
    const documented = DOCUMENTED_OPERATIONS.map(key).sort();
    expect(served.filter((k) => !documented.includes(k))).toEqual([]);
    expect(documented.filter((k) => !served.includes(k))).toEqual([]);
  });

  it('names every operation with a unique camelCase operationId', () => {
    const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
    const operations = Object.entries(buildOpenApiDocument('http://relay.test').paths ?? {}).flatMap(([path, item]) =>
      methods.flatMap((method) => (item?.[method] ? [{ at: `${method} ${path}`, id: item[method].operationId }] : [])),
    );
    expect(operations).toHaveLength(DOCUMENTED_OPERATIONS.length);
    expect(operations.filter((op) => op.id === undefined).map((op) => op.at)).toEqual([]);
    expect(operations.filter((op) => !/^[a-z][A-Za-z0-9]+$/.test(op.id ?? '')).map((op) => op.at)).toEqual([]);
    const ids = operations.map((op) => op.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it('is served as OpenAPI 3.1 built from the same zod schemas the routes parse with', async () => {
    const reply = await api.call('GET', '/api/docs/openapi.json');
    expect(reply.status).toBe(200);
    expect(reply.body.openapi).toBe('3.1.0');
    const send = reply.body.paths['/api/v1/conversations/{id}/messages'].post;
    const schema = send.requestBody.content['application/json'].schema;
    expect(schema.required).toEqual(expect.arrayContaining(['content', 'clientMessageId']));
    expect(schema.properties.content).toMatchObject({ type: 'string', maxLength: 4096 });
    expect(send.responses['400'].content['application/json'].schema).toBeDefined();
    // An idempotent create documents both answers: 201 sent now, 200 a repeat of an earlier send.
    for (const status of ['201', '200']) {
      expect(send.responses[status].content['application/json'].schema).toBeDefined();
    }
    expect(reply.body.paths['/api/v1/auth/login'].post.security).toEqual([]);
    expect(reply.body.paths['/api/v1/conversations'].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['view', 'status', 'cursor', 'limit']),
    );
  });

  it('has a browsable page whose assets come from this server', async () => {
    const page = await fetch(`${api.url}/api/docs`);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).not.toMatch(/https?:\/\//);
    for (const asset of [
      '/api/docs/assets/swagger-ui-bundle.js',
      '/api/docs/assets/swagger-ui.css',
      '/api/docs/init.js',
    ]) {
      expect(html).toContain(asset);
      expect((await fetch(`${api.url}${asset}`)).status).toBe(200);
    }
  });
});
