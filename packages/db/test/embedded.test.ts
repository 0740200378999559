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

  describe('the in-process connection', () => {
    it('runs queries, pipelined ones, transactions and errors like a TCP connection', async () => {
      const embedded = await startEmbeddedPostgres();
      const sql = createDb({ url: embedded.url, max: 1, connect: embedded.connect });
      try {
        await sql`create table items (id int primary key, name text)`;
        const ids = Array.from({ length: 50 }, (_, i) => i + 1);
        // Sent together: one write of the driver holds many queries.
        await Promise.all(ids.map((id) => sql`insert into items values (${id}, ${`item ${id}`})`));
        expect(await sql`select count(*)::int as n, max(name) as top from items`).toEqual([{ n: 50, top: 'item 9' }]);

        await expect(
          sql.begin(async (tx) => {
            await tx`insert into items values (100, 'rolled back')`;
            await tx`insert into items values (1, 'a duplicate')`;
          }),
        ).rejects.toMatchObject({ code: '23505' });
        expect(await sql`select count(*)::int as n from items where id = 100`).toEqual([{ n: 0 }]);

        const committed = await sql.begin(async (tx) => {
          await tx`insert into items values (101, 'kept')`;
          return tx`select name from items where id = 101`;
        });
        expect(committed).toEqual([{ name: 'kept' }]);
        expect(await sql`select name from items where id = 101`).toEqual([{ name: 'kept' }]);
      } finally {
        await sql.end();
        await embedded.stop();
      }
    });

    it("never runs inside a TCP client's open transaction, nor lets one run inside its own", async () => {
      const embedded = await startEmbeddedPostgres();
      const inside = createDb({ url: embedded.url, max: 1, connect: embedded.connect });
      const overTcp = createDb({ url: embedded.url, max: 1 });
      try {
        await inside`create table log (at serial primary key, who text)`;
        let release: () => void = () => {};
        const held = new Promise<void>((resolve) => {
          release = resolve;
        });
        let entered: () => void = () => {};
        const inTransaction = new Promise<void>((resolve) => {
          entered = resolve;
        });
        // The TCP client opens a transaction and holds it while the in-process one writes.
        const tcp = overTcp.begin(async (tx) => {
          await tx`insert into log (who) values ('tcp first')`;
          entered();
          await held;
          await tx`insert into log (who) values ('tcp second')`;
          throw new Error('roll back the TCP transaction');
        });
        await inTransaction;
        const write = inside`insert into log (who) values ('in-process')`;
        // Had it run inside the TCP transaction, its row would roll back with it.
        setTimeout(release, 50);
        await expect(tcp).rejects.toThrow('roll back the TCP transaction');
        await write;
        expect(await inside`select who from log order by at`).toEqual([{ who: 'in-process' }]);

        // And the other way round: the in-process transaction keeps the TCP client out until it ends.
        const order: string[] = [];
        let tcpWrite: Promise<unknown> = Promise.resolve();
        await inside.begin(async (tx) => {
          await tx`insert into log (who) values ('in-process tx')`;
          tcpWrite = overTcp`insert into log (who) values ('tcp after')`.then(() => order.push('tcp'));
          await new Promise((resolve) => setTimeout(resolve, 50));
          await tx`select 1`;
          order.push('in-process commits');
        });
        await tcpWrite;
        expect(order).toEqual(['in-process commits', 'tcp']);
        expect((await inside`select who from log order by at`).map((row) => row.who)).toEqual([
          'in-process',
          'in-process tx',
          'tcp after',
        ]);
      } finally {
        await inside.end();
        await overTcp.end();
        await embedded.stop();
      }
    });

    it('rolls back what a connection left open when it is closed', async () => {
      const embedded = await startEmbeddedPostgres();
      const sql = createDb({ url: embedded.url, max: 1 });
      try {
        await sql`create table t (v text)`;
        const socket = embedded.connect();
        const replies: Buffer[] = [];
        socket.on('data', (data: Buffer) => replies.push(data));
        const send = (bytes: Buffer) =>
          new Promise<void>((resolve, reject) => socket.write(bytes, (error) => (error ? reject(error) : resolve())));
        const startup = Buffer.concat([
          Buffer.from([0, 0, 0, 0, 0, 3, 0, 0]),
          Buffer.from('user\0postgres\0database\0postgres\0\0'),
        ]);
        startup.writeInt32BE(startup.length, 0);
        await send(startup);
        const query = (text: string) => {
          const body = Buffer.from(`${text}\0`);
          const message = Buffer.alloc(5 + body.length);
          message.write('Q', 0);
          message.writeInt32BE(4 + body.length, 1);
          body.copy(message, 5);
          return send(message);
        };
        await query(`begin; insert into t values ('left open')`);
        socket.destroy();
        await new Promise((resolve) => socket.once('close', resolve));
        // The session is free again and the insert is gone.
        expect(await sql`select count(*)::int as n from t`).toEqual([{ n: 0 }]);
        expect(replies.length).toBeGreaterThan(0);
      } finally {
        await sql.end();
        await embedded.stop();
      }
    });
  });
});
