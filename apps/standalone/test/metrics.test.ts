// Standalone's one GET /metrics shows the API's, the worker's and the
// gateway's metrics from one registry, each family once, and they move after
// a real request and a real handshake on the one port.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@relay/config';
import { createScratchDatabase, testPoolMax } from '@relay/db/testing';
import { createLogger } from '@relay/logger';
import { io } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { startStandalone } from '../src/standalone.ts';

function sample(text: string, name: string, labels: Record<string, string>): number {
  for (const line of text.split('\n')) {
    const match = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const has = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([key, value]) => has[key] === value)) return Number(match[3]);
  }
  return 0;
}

describe('standalone /metrics', () => {
  it('merges the API, worker and gateway metrics without a duplicate name', { timeout: 60_000 }, async () => {
    const scratch = await createScratchDatabase();
    const dataDir = mkdtempSync(join(tmpdir(), 'relay-standalone-metrics-'));
    const config = loadConfig({
      NODE_ENV: 'test',
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: scratch.url,
      DATABASE_POOL_MAX: String(testPoolMax()),
      RELAY_DATA_DIR: dataDir,
      RELAY_WEB: 'false',
    });
    const relay = await startStandalone(config, createLogger({ app: 'standalone-test', level: 'silent' }));
    try {
      const login = await fetch(`${relay.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ tenant: 'demo', email: 'alice@demo.test', password: 'demo1234' }),
      });
      const { accessToken } = (await login.json()) as { accessToken: string };
      const socket = io(relay.url, {
        auth: { token: accessToken, deviceId: 'standalone-metrics' },
        transports: ['websocket'],
        reconnection: false,
      });
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      });

      const text = await (await fetch(`${relay.url}/metrics`)).text();
      socket.disconnect();
      const families = text
        .split('\n')
        .filter((line) => line.startsWith('# TYPE '))
        .map((line) => line.split(' ')[2]);
      expect(families.length).toBeGreaterThan(20);
      expect(families.filter((name, i) => families.indexOf(name) !== i)).toEqual([]);
      for (const name of [
        'relay_http_request_duration_seconds',
        'relay_webhook_events_total',
        'relay_jobs_total',
        'relay_sla_event_lateness_seconds',
        'relay_push_total',
        'relay_routing_assignments_total',
        'relay_gateway_handshakes_total',
        'relay_gateway_sockets',
        'relay_gateway_event_fanout_lag_seconds',
        'nodejs_eventloop_lag_seconds',
      ]) {
        expect(families).toContain(name);
      }
      expect(sample(text, 'relay_gateway_handshakes_total', { outcome: 'accepted', app: 'relay' })).toBe(1);
      expect(sample(text, 'relay_gateway_sockets', { tenant_sockets: '1' })).toBe(1);
      expect(
        sample(text, 'relay_http_request_duration_seconds_count', { route: '/api/v1/auth/login', status: '200' }),
      ).toBe(1);
    } finally {
      await relay.stop();
      await scratch.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
