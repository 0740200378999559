// GET /metrics in Prometheus text format, and the middleware that times every
// request by its route pattern (never the raw path, which would carry ids).
import { Router } from 'express';
import type { ResolvedDeps } from '../../deps.ts';

export function metricsRoutes({ metrics }: ResolvedDeps): Router {
  const router = Router();
  router.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  router.use((req, res, next) => {
    const stop = metrics.httpRequestSeconds.startTimer();
    res.once('finish', () => {
      const route = req.route?.path ? `${res.locals.mount ?? ''}${req.route.path}` : 'unmatched';
      stop({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  });
  return router;
}
