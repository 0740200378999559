// The gateway node's own HTTP answers beside Socket.IO (which answers
// /socket.io/ itself): the health check a load balancer reads (a draining
// node fails it, so no new clients are sent there), GET /metrics, and a 404
// for anything else.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { serveMetrics } from '@relay/metrics';
import type { Gateway } from './gateway.ts';

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** The request listener; `gateway` is read per request, so the server may be created before the gateway. */
export function gatewayHttpRoutes(gateway: () => Gateway) {
  return (req: IncomingMessage, res: ServerResponse) => {
    if (req.method === 'GET' && req.url === '/healthz') {
      const { draining } = gateway();
      return json(res, draining ? 503 : 200, { status: draining ? 'draining' : 'ok' });
    }
    if (serveMetrics(gateway().registry, req, res)) return;
    json(res, 404, { error: { code: 'not_found', message: 'not found' } });
  };
}
