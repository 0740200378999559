// Every route contract in the registry is well formed: one success status (or an idempotent
// create's 201 and 200, each with a body), a unique operationId
// and method + path, and path parameters that are exactly its params schema's keys (a contract
// naming :id without params, or params the path never fills, would mount and document wrongly).
import { describe, expect, it } from 'vitest';
import {
  allRoutes,
  apiRoutes,
  isIdempotentCreate,
  successSchema,
  successStatus,
  successStatuses,
} from '../src/index.ts';

const routes = allRoutes();

describe('the route registry', () => {
  it('holds every group’s routes, keyed by their operationId', () => {
    for (const group of Object.values(apiRoutes)) {
      for (const [key, route] of Object.entries(group)) expect(route.operationId).toBe(key);
    }
    expect(routes.length).toBe(Object.values(apiRoutes).reduce((n, group) => n + Object.keys(group).length, 0));
  });

  it('has unique operationIds and unique method + path', () => {
    const ids = routes.map((r) => r.operationId);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    const keys = routes.map((r) => `${r.method} ${r.path}`);
    expect(keys.filter((key, i) => keys.indexOf(key) !== i)).toEqual([]);
  });

  it.each(routes.map((r) => [r.operationId, r] as const))('%s: one success status, a body unless 204', (_id, r) => {
    if (isIdempotentCreate(r)) {
      // 201 when it wrote, 200 when it repeated: both JSON, neither a file.
      expect(successStatuses(r)).toEqual([200, 201]);
      expect(successStatus(r)).toBe(201);
      expect(successSchema(r, 200)).not.toBeNull();
      expect(successSchema(r, 201)).not.toBeNull();
      expect(r.binary).toBeUndefined();
      return;
    }
    expect(Object.keys(r.responses)).toHaveLength(1);
    expect([200, 201, 204]).toContain(successStatus(r));
    expect(successSchema(r) === null).toBe(successStatus(r) === 204 || r.binary === true);
  });

  it('has idempotent creates only where a repeat is answered 200 (sendMessage)', () => {
    expect(routes.filter(isIdempotentCreate).map((r) => r.operationId)).toEqual(['sendMessage']);
  });

  it.each(routes.map((r) => [r.operationId, r] as const))('%s: path parameters match its params', (_id, r) => {
    const inPath = [...r.path.matchAll(/:(\w+)/g)].map((m) => m[1]).sort();
    expect(Object.keys(r.params?.shape ?? {}).sort()).toEqual(inPath);
    expect(r.path.startsWith('/api/')).toBe(false);
  });
});
