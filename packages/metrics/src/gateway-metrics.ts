// The gateway's metrics, registered into the registry it is given (its own
// in scaled mode; standalone's one registry, beside the API's and the
// worker's). Hot-path cost is a counter increment or one histogram observe;
// the socket gauges are computed only when /metrics is scraped.
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Buckets of "how many sockets a tenant has on this node": a bounded label, never one per tenant. */
export const TENANT_SOCKET_BUCKETS = ['1', '2-5', '6-20', '21-100', '101-1000', '1001+'] as const;
export type TenantSocketBucket = (typeof TENANT_SOCKET_BUCKETS)[number];

export function tenantSocketBucket(sockets: number): TenantSocketBucket {
  if (sockets <= 1) return '1';
  if (sockets <= 5) return '2-5';
  if (sockets <= 20) return '6-20';
  if (sockets <= 100) return '21-100';
  if (sockets <= 1000) return '101-1000';
  return '1001+';
}

export type GatewayMetrics = {
  handshakes: Counter<'outcome'>;
  handshakeRefusals: Counter<'code'>;
  syncPages: Counter<'result'>;
  fanOutLag: Histogram;
};

/**
 * `socketsPerTenant` is asked at scrape time for each tenant's socket count on
 * this node (the gauges split sockets and tenants by the bucket of that count).
 */
export function createGatewayMetrics(
  registry: Registry,
  options: { socketsPerTenant: () => Iterable<number> },
): GatewayMetrics {
  const perBucket = () => {
    const sockets = new Map<TenantSocketBucket, number>(TENANT_SOCKET_BUCKETS.map((b) => [b, 0]));
    const tenants = new Map<TenantSocketBucket, number>(TENANT_SOCKET_BUCKETS.map((b) => [b, 0]));
    for (const count of options.socketsPerTenant()) {
      const bucket = tenantSocketBucket(count);
      sockets.set(bucket, (sockets.get(bucket) ?? 0) + count);
      tenants.set(bucket, (tenants.get(bucket) ?? 0) + 1);
    }
    return { sockets, tenants };
  };
  new Gauge({
    name: 'relay_gateway_sockets',
    help: "Sockets connected to this node, by the bucket of their tenant's socket count on it (tenant_sockets)",
    labelNames: ['tenant_sockets'],
    registers: [registry],
    collect() {
      for (const [bucket, n] of perBucket().sockets) this.set({ tenant_sockets: bucket }, n);
    },
  });
  new Gauge({
    name: 'relay_gateway_tenants',
    help: 'Tenants with sockets on this node, by the bucket of their socket count on it (tenant_sockets)',
    labelNames: ['tenant_sockets'],
    registers: [registry],
    collect() {
      for (const [bucket, n] of perBucket().tenants) this.set({ tenant_sockets: bucket }, n);
    },
  });
  return {
    handshakes: new Counter({
      name: 'relay_gateway_handshakes_total',
      help: 'Socket handshakes by outcome (accepted, refused; refusals by code in relay_gateway_handshake_refusals_total)',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    handshakeRefusals: new Counter({
      name: 'relay_gateway_handshake_refusals_total',
      help: 'Refused socket handshakes by connect_error code (unauthorized, tenant_suspended, rate_limited, too_many_connections, dependency_unavailable)',
      labelNames: ['code'],
      registers: [registry],
    }),
    syncPages: new Counter({
      name: 'relay_gateway_sync_pages_total',
      help: 'Catch-up pages served to sync, by result (page, reset)',
      labelNames: ['result'],
      registers: [registry],
    }),
    fanOutLag: new Histogram({
      name: 'relay_gateway_event_fanout_lag_seconds',
      help: "From an event's created_at (its transaction's start, by the database clock) to this node writing it to its sockets, once per event per node",
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
  };
}
