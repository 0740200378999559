// Liveness (/healthz: the process answers) and readiness (/readyz: every
// dependency answers within a second), for load balancers and orchestrators.
import { pingDatabase } from '@relay/db';
import { Router } from 'express';
import type { ApiDeps } from '../../deps.ts';

const CHECK_TIMEOUT_MS = 1000;

type CheckResult = 'ok' | 'down' | 'not_configured';

async function withTimeout(check: () => Promise<unknown>): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS);
      }),
    ]);
    return 'ok';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}

export function healthRoutes({ sql, redis, logger }: ApiDeps): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const [database, redisState] = await Promise.all([
      withTimeout(() => pingDatabase(sql)),
      redis ? withTimeout(() => redis.ping()) : Promise.resolve<CheckResult>('not_configured'),
    ]);
    const checks = { database, redis: redisState };
    if (database === 'down' || redisState === 'down') {
      logger.warn({ component: 'readyz', checks }, 'not ready');
      res.status(503).json({
        error: { code: 'dependency_unavailable', message: 'a dependency is not reachable', details: checks },
      });
      return;
    }
    res.json({ status: 'ok', checks });
  });
  return router;
}
