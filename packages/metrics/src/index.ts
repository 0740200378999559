// Owns the Prometheus metrics: one registry per process (a factory, so tests
// and standalone can each have their own), with the process defaults and the
// few product metrics that tell whether messages flow. The gateway's metrics
// (gateway-metrics.ts) register into the registry they are given: standalone
// puts them beside the API's and the worker's in one, so one /metrics shows all.
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export type Metrics = {
  registry: Registry;
  httpRequestSeconds: Histogram<'method' | 'route' | 'status'>;
  webhookEvents: Counter<'channel' | 'result'>;
  outboundDeliveries: Counter<'channel' | 'outcome'>;
  routingAssignments: Counter<'kind'>;
  /** Claimed jobs by kind and what became of them (invalid_payload: dead-lettered at claim). */
  jobs: Counter<'kind' | 'outcome'>;
  pushes: Counter<'outcome'>;
  /** Outbound requests the egress policy refused before connecting (an SSRF attempt or a misconfiguration). */
  egressRefused: Counter<'caller'>;
  slaEventLateness: Histogram<'kind' | 'event'>;
  authThrottled: Counter<'limit'>;
  authLimiterFallbacks: Counter;
  eventsPublishDropped: Counter<'reason'>;
  /** Group-commit ingest: deliveries per committed batch, and batches retried delivery by delivery. */
  ingestBatch: { batchDeliveries: Histogram; batchRetries: Counter };
};

export {
  createGatewayMetrics,
  type GatewayMetrics,
  TENANT_SOCKET_BUCKETS,
  tenantSocketBucket,
} from './gateway-metrics.ts';
export { serveMetrics } from './serve-metrics.ts';
export type { Registry };

/** A process's registry: the `app` label on every series, and the process defaults (event-loop lag, heap, CPU). */
export function createRegistry(options: { app: string }): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ app: options.app });
  collectDefaultMetrics({ register: registry });
  return registry;
}

export function createMetrics(options: { app: string }): Metrics {
  const registry = createRegistry(options);
  return {
    registry,
    httpRequestSeconds: new Histogram({
      name: 'relay_http_request_duration_seconds',
      help: 'HTTP request duration by route pattern and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    ingestBatch: {
      batchDeliveries: new Histogram({
        name: 'relay_ingest_batch_deliveries',
        help: 'Webhooks stored per group-commit transaction (1 when idle; grows with load)',
        buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
        registers: [registry],
      }),
      batchRetries: new Counter({
        name: 'relay_ingest_batch_retries_total',
        help: 'Group-commit batches that failed and were retried webhook by webhook (one bad message fails alone)',
        registers: [registry],
      }),
    },
    webhookEvents: new Counter({
      name: 'relay_webhook_events_total',
      help: 'Inbound webhook events by channel and result (stored, duplicate, status, edit, rejected)',
      labelNames: ['channel', 'result'],
      registers: [registry],
    }),
    outboundDeliveries: new Counter({
      name: 'relay_outbound_deliveries_total',
      help: 'Outbound delivery attempts by channel and outcome (sent, retry, failed, skipped)',
      labelNames: ['channel', 'outcome'],
      registers: [registry],
    }),
    routingAssignments: new Counter({
      name: 'relay_routing_assignments_total',
      help: 'Conversations the router moved, by kind (round_robin, least_loaded, offline_reassign, offline_return)',
      labelNames: ['kind'],
      registers: [registry],
    }),
    jobs: new Counter({
      name: 'relay_jobs_total',
      help: 'Claimed jobs by kind and outcome (deliver_message: sent, retry, failed, skipped; push_event: done, retry, dead, skipped; invalid_payload: dead-lettered at claim, never retried)',
      labelNames: ['kind', 'outcome'],
      registers: [registry],
    }),
    egressRefused: new Counter({
      name: 'relay_egress_refused_total',
      help: 'Outbound requests refused by the egress policy before connecting (loopback, private, link-local, bad scheme…), by caller',
      labelNames: ['caller'],
      registers: [registry],
    }),
    pushes: new Counter({
      name: 'relay_push_total',
      help: 'Push decisions per device (sent, acked, muted, quiet_hours, rate_limited, retry, unregistered, invalid_token, failed) and per event (no_recipient, skipped_no_credentials)',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    slaEventLateness: new Histogram({
      name: 'relay_sla_event_lateness_seconds',
      help: 'How long after its moment an SLA warning or breach was recorded, by kind and event',
      labelNames: ['kind', 'event'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 30],
      registers: [registry],
    }),
    authThrottled: new Counter({
      name: 'relay_auth_throttled_total',
      help: 'Login, password and sign-up attempts refused with 429 (account_ip, ip, signup_ip) or slowed (delayed)',
      labelNames: ['limit'],
      registers: [registry],
    }),
    authLimiterFallbacks: new Counter({
      name: 'relay_auth_limiter_fallbacks_total',
      help: 'Times the auth limiters switched to process memory (for 5 s) because Redis failed, was not ready or was slow',
      registers: [registry],
    }),
    eventsPublishDropped: new Counter({
      name: 'relay_events_publish_dropped_total',
      help: 'Committed events whose live publish failed (clients catch up by seq), by reason (redis_unavailable, error)',
      labelNames: ['reason'],
      registers: [registry],
    }),
  };
}
