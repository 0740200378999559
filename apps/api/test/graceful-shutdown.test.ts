import { fileURLToPath } from 'node:url';
import { seedDemoTenant } from '@relay/db';
import { testPoolMax, uniqueSlug, useTestDb } from '@relay/db/testing';
import { afterAll, describe, expect, inject, it } from 'vitest';
import {
  killChildEntries,
  listeningPort,
  loadThroughShutdown,
  logInOverHttp,
  startChildEntry,
} from '../src/testing/index.ts';
import { config } from './support/api-harness.ts';

// SIGTERM under load (issue 13, item 6): the API as its own process, a steady
// stream of authenticated reads on keep-alive connections, then SIGTERM. Every
// request the server accepted is answered, none with a 5xx and none cut off;
// a new connection after the listener closed is refused, which a client
// expects from a server that is going away; the process exits 0.

const ENTRY = fileURLToPath(new URL('../src/index.ts', import.meta.url));
const admin = useTestDb();
afterAll(killChildEntries);

describe('SIGTERM', () => {
  it('answers every accepted request, none 5xx or reset, closes keep-alive connections, and exits 0', async () => {
    const slug = uniqueSlug('drain');
    await seedDemoTenant(admin, { slug, name: `Drain ${slug}`, encryptionKey: config.encryptionKey });
    const api = startChildEntry(ENTRY, {
      DATABASE_URL: inject('databaseUrl'),
      DATABASE_POOL_MAX: String(testPoolMax()),
      SHUTDOWN_TIMEOUT_MS: '20000',
    });
    const port = await listeningPort(api);
    const accessToken = await logInOverHttp(port, slug);

    const report = await loadThroughShutdown({
      port,
      path: '/api/v1/conversations?view=unassigned',
      headers: { authorization: `Bearer ${accessToken}` },
      stop: () => api.child.kill('SIGTERM'),
    });
    expect(await api.exited).toBe(0);
    expect(report.failures).toEqual([]);
    expect(report.answeredAfterStop).toBeGreaterThan(0);
    expect(report.closedByServer).toBeGreaterThan(0);
    expect(report.refused).toBe(8);
    expect(api.output()).toContain('api stopped');
  });
});
