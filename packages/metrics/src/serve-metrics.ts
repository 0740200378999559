// GET /metrics for processes without Express (the gateway's and the worker's
// plain node:http servers): the registry in Prometheus text format. Like the
// API's /metrics it asks for no credentials; keep these ports on the internal
// network (docs/scaling.md, "What to watch").
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';

/** Answers GET /metrics and returns true; any other request is left to the caller (false). */
export function serveMetrics(registry: Registry, req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') return false;
  registry.metrics().then(
    (text) => {
      res.writeHead(200, { 'content-type': registry.contentType });
      res.end(text);
    },
    () => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'internal', message: 'metrics could not be collected' } }));
    },
  );
  return true;
}
