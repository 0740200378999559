import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataDirLockedError, startEmbeddedPostgres } from '../src/embedded.ts';
import { createDb } from '../src/index.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'relay-embedded-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('the embedded database', () => {
  it('keeps data across restarts and refuses a second process on the same data dir', async () => {
    const first = await startEmbeddedPostgres({ dataDir });
    try {
      expect(existsSync(join(dataDir, 'relay.lock'))).toBe(true);
      const sql = createDb({ url: first.url, max: 1 });
      await sql`create table kept (v text)`;
      await sql`insert into kept values ('still here')`;
      await sql.end();

      const second = startEmbeddedPostgres({ dataDir });
      await expect(second).rejects.toBeInstanceOf(DataDirLockedError);
      await expect(second).rejects.toThrow(`in use by another Relay process (pid ${process.pid}`);
    } finally {
      await first.stop();
    }
    expect(existsSync(join(dataDir, 'relay.lock'))).toBe(false);

    const again = await startEmbeddedPostgres({ dataDir });
    try {
      const sql = createDb({ url: again.url, max: 1 });
      expect(await sql`select v from kept`).toEqual([{ v: 'still here' }]);
      await sql.end();
    } finally {
      await again.stop();
    }
  });

  it('takes over a lock left by a process that no longer runs', async () => {
    const gone = spawnSync(process.execPath, ['-e', '0']).pid as number;
    writeFileSync(
      join(dataDir, 'relay.lock'),
      JSON.stringify({ pid: gone, host: hostname(), startedAt: new Date().toISOString() }),
    );
    const embedded = await startEmbeddedPostgres({ dataDir });
    await embedded.stop();
    expect(existsSync(join(dataDir, 'relay.lock'))).toBe(false);
  });

  it('enforces row-level security through the application role', async () => {
    const embedded = await startEmbeddedPostgres();
    const sql = createDb({ url: embedded.url, max: 1 });
    try {
      await sql
        .unsafe(`
        create role relay_app nologin;
        create table notes (tenant_id uuid not null, body text);
        alter table notes enable row level security;
        create policy p on notes using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
        grant select on notes to relay_app;
        insert into notes values ('00000000-0000-4000-8000-000000000001', 'a'), ('00000000-0000-4000-8000-000000000002', 'b');
      `)
        .simple();
      const seen = await sql.begin(async (tx) => {
        await tx`select set_config('app.tenant_id', '00000000-0000-4000-8000-000000000001', true),
                        set_config('role', 'relay_app', true)`;
        return tx`select body from notes`;
      });
      expect(seen).toEqual([{ body: 'a' }]);
      // Transaction-local settings are gone afterwards, on the shared session too.
      expect(await sql`select current_user as who`).toEqual([{ who: 'postgres' }]);
    } finally {
      await sql.end();
      await embedded.stop();
    }
  });
});
