// docs/grafana/relay.json reads only metrics the processes register: every
// series name in its queries is one the API/worker registry or the gateway's
// metrics define (a renamed metric fails here, not on a blank panel).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createGatewayMetrics, createMetrics } from '../src/index.ts';

const dashboard = JSON.parse(readFileSync(new URL('../../../docs/grafana/relay.json', import.meta.url), 'utf8')) as {
  panels: { type: string; title: string; targets?: { expr: string }[] }[];
  templating: { list: { query?: unknown }[] };
};

async function registeredSeries(): Promise<Set<string>> {
  const { registry } = createMetrics({ app: 'dashboard-test' });
  createGatewayMetrics(registry, { socketsPerTenant: () => [] });
  const names = new Set<string>();
  for (const metric of await registry.getMetricsAsJSON()) {
    names.add(metric.name);
    if (String(metric.type) === 'histogram')
      for (const suffix of ['_bucket', '_count', '_sum']) names.add(metric.name + suffix);
  }
  return names;
}

describe('Grafana dashboard', () => {
  it('queries only series that exist, and each panel has a query', async () => {
    const registered = await registeredSeries();
    const queries = [
      ...dashboard.panels.flatMap((panel) => panel.targets?.map((target) => target.expr) ?? []),
      ...dashboard.templating.list.map((variable) => JSON.stringify(variable.query ?? '')),
    ];
    const used = new Set(queries.flatMap((query) => query.match(/\b(?:relay|nodejs|process)_[a-z0-9_]+/g) ?? []));
    expect(used.size).toBeGreaterThan(10);
    expect([...used].filter((name) => !registered.has(name))).toEqual([]);
    for (const panel of dashboard.panels.filter((p) => p.type !== 'row')) {
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
    }
    for (const name of ['relay_gateway_event_fanout_lag_seconds_bucket', 'relay_jobs_total', 'relay_gateway_sockets']) {
      expect(used).toContain(name);
    }
  });
});
