import { fileURLToPath } from 'node:url';
import { killChildEntries, loadThroughShutdown, logInOverHttp, startChildEntry } from '@relay/api/testing';
import { loadConfig } from '@relay/config';
import { createDb, seedDemoTenant } from '@relay/db';
import { testPoolMax, uniqueSlug } from '@relay/db/testing';
import { afterAll, describe, expect, inject, it, vi } from 'vitest';

// Standalone shuts down in the API's order (issue 13, item 6): under a steady
// stream of reads, SIGTERM → every accepted request answered, none 5xx or
// reset, then the worker, the pools and the process (exit 0).

const ENTRY = fileURLToPath(new URL('../src/index.ts', import.meta.url));
const config = loadConfig({ NODE_ENV: 'test' });
const admin = createDb({ url: inject('databaseUrl'), max: 1, applicationName: 'relay-test' });
afterAll(async () => {
  killChildEntries();
  await admin.end({ timeout: 5 });
});

describe('standalone on SIGTERM', () => {
  it('answers every accepted request, none 5xx or reset, and exits 0', { timeout: 120_000 }, async () => {
    const slug = uniqueSlug('sdrain');
    await seedDemoTenant(admin, { slug, name: `Drain ${slug}`, encryptionKey: config.encryptionKey });
    const relay = startChildEntry(ENTRY, {
      DATABASE_URL: inject('databaseUrl'),
      // The embedded database of the run serves one session: one connection, as standalone gives it.
      DATABASE_POOL_MAX: String(testPoolMax()),
      RELAY_WEB: 'false',
      RELAY_DEMO: 'false',
      SHUTDOWN_TIMEOUT_MS: '20000',
    });
    let port = 0;
    await vi.waitUntil(
      () => {
        if (relay.child.exitCode !== null) throw new Error(`exited early:\n${relay.output()}`);
        const match = /Relay is running at http:\/\/localhost:(\d+)/.exec(relay.output());
        port = match ? Number(match[1]) : 0;
        return port > 0;
      },
      { timeout: 90_000, interval: 50 },
    );
    const accessToken = await logInOverHttp(port, slug);

    const report = await loadThroughShutdown({
      port,
      path: '/api/v1/conversations?view=unassigned',
      headers: { authorization: `Bearer ${accessToken}` },
      stop: () => relay.child.kill('SIGTERM'),
    });
    expect(await relay.exited).toBe(0);
    expect(report.failures).toEqual([]);
    expect(report.answeredAfterStop).toBeGreaterThan(0);
    expect(report.refused).toBe(8);
    expect(relay.output()).toContain('Relay stopped.');
  });
});
