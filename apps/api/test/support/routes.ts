// Walks the /api/v1 router so tests cover every route, including ones added
// after the test was written.
import { loadConfig } from '@relay/config';
import type { Sql } from '@relay/db';
import { createLogger } from '@relay/logger';
import type { Router } from 'express';
import { apiRouter, resolveDeps } from '../../src/app.ts';

export type RouteInfo = { method: string; path: string };

type Layer = { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: Layer[] } };

function walk(stack: Layer[], into: RouteInfo[]) {
  for (const layer of stack) {
    if (layer.route) {
      for (const [method, on] of Object.entries(layer.route.methods)) {
        if (on && method !== '_all') into.push({ method: method.toUpperCase(), path: `/api/v1${layer.route.path}` });
      }
    } else if (layer.handle?.stack) {
      walk(layer.handle.stack, into);
    }
  }
}

export function listApiRoutes(): RouteInfo[] {
  // The router only needs deps to build its handlers; nothing is called here.
  const router = apiRouter(
    resolveDeps({ sql: {} as Sql, logger: createLogger({ app: 'routes', level: 'silent' }), config: loadConfig({}) }),
  ) as Router & { stack: Layer[] };
  const routes: RouteInfo[] = [];
  walk(router.stack, routes);
  return routes;
}
