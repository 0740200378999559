// Walks the /api/v1 router so tests cover every route, including ones added
// after the test was written.
import { loadConfig } from '@relay/config';
import type { Sql } from '@relay/db';
import { createLogger } from '@relay/logger';
import type { Router } from 'express';
import { apiRouter, resolveDeps } from '../../src/app.ts';
import { webhookRoutes } from '../../src/routes/webhooks/webhook-routes.ts';

export type RouteInfo = { method: string; path: string };

type Layer = { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: Layer[] } };

function walk(stack: Layer[], prefix: string, into: RouteInfo[]) {
  for (const layer of stack) {
    if (layer.route) {
      for (const [method, on] of Object.entries(layer.route.methods)) {
        if (on && method !== '_all') into.push({ method: method.toUpperCase(), path: `${prefix}${layer.route.path}` });
      }
    } else if (layer.handle?.stack) {
      walk(layer.handle.stack, prefix, into);
    }
  }
}

// The routers only need deps to build their handlers; nothing is called here.
const deps = () =>
  resolveDeps({ sql: {} as Sql, logger: createLogger({ app: 'routes', level: 'silent' }), config: loadConfig({}) });

function routesOf(router: Router, prefix: string): RouteInfo[] {
  const routes: RouteInfo[] = [];
  walk((router as Router & { stack: Layer[] }).stack, prefix, routes);
  return routes;
}

/** Every route under /api/v1. */
export function listApiRoutes(): RouteInfo[] {
  return routesOf(apiRouter(deps()), '/api/v1');
}

/** The inbound webhook routes (mounted at the root). */
export function listWebhookRoutes(): RouteInfo[] {
  return routesOf(webhookRoutes(deps()), '');
}
