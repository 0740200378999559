// createApi: the HTTP application as a factory. It owns routing and the
// request pipeline; it never opens connections itself (they come in deps),
// so standalone, the scaled entry and tests compose it the same way.
import type { Sql } from '@relay/db';
import type { Logger } from '@relay/logger';
import express, { type Express } from 'express';
import type { Redis } from 'ioredis';
import { healthRoutes } from './routes/health/health-routes.ts';

export type ApiDeps = {
  sql: Sql;
  /** Absent in standalone mode, which needs no Redis. */
  redis?: Redis | undefined;
  logger: Logger;
};

export function createApi(deps: ApiDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(healthRoutes(deps));
  return app;
}
