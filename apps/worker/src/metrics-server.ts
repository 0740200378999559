// The scaled worker's only HTTP: GET /metrics on WORKER_METRICS_PORT (jobs by
// kind and outcome, SLA lateness, pushes, routing, deliveries, the process
// defaults). Standalone serves the same registry on its one /metrics instead.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '@relay/logger';
import { type Registry, serveMetrics } from '@relay/metrics';

export type MetricsServer = { port: number; close(): Promise<void> };

export async function startMetricsServer(options: {
  registry: Registry;
  host: string;
  port: number;
  logger: Logger;
}): Promise<MetricsServer> {
  const server = createServer((req, res) => {
    if (serveMetrics(options.registry, req, res)) return;
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { code: 'not_found', message: 'not found' } }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  options.logger.info({ port }, 'worker metrics listening');
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
