// pipelinedTransaction: BEGIN goes out with the first statements, `later`
// statements are not waited for, COMMIT goes right behind the last ones. What
// it promises is what sql.begin promises: all or nothing, the first failure
// as the error, and a connection the pool can use again; plus the round
// trips it saves, counted here on the wire.
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, isDependencyUnavailable, pipelinedTransaction, type Sql } from '../src/index.ts';
import { createScratchDatabase, type ScratchDatabase, startTcpProxy, type TcpProxy } from '../src/testing/index.ts';

let scratch: ScratchDatabase;
let url: string;
let sql: Sql;
let proxy: TcpProxy;

beforeAll(async () => {
  scratch = await createScratchDatabase();
  url = scratch.url;
  sql = createDb({ url, max: 4, applicationName: 'relay-test-pipeline' });
  const { hostname, port } = new URL(url);
  proxy = await startTcpProxy({ host: hostname, port: Number(port || 5432) });
  await sql`create table pipeline_probe (tag text not null, n int not null unique)`;
});
afterAll(async () => {
  await sql.end({ timeout: 5 });
  await proxy.close();
  await scratch.drop();
});

const tag = () => randomBytes(6).toString('hex');
/** One connection, so a connection handed back in a bad state is the one the next query gets. */
const onePool = (via = url): Sql => createDb({ url: via, max: 1, applicationName: 'relay-test-pipeline' });
const stored = async (t: string) =>
  (await sql<{ n: number }[]>`select n from pipeline_probe where tag = ${t} order by n`).map((row) => row.n);
const n = () => Math.floor(Math.random() * 2 ** 30);

describe('pipelinedTransaction', () => {
  it('commits what was awaited and what was sent later, and gives later answers after the commit', async () => {
    const t = tag();
    const [a, b] = [n(), n()];
    let answer: Promise<{ n: number }[]> | undefined;
    const value = await pipelinedTransaction(sql, async ({ tx, later }) => {
      await tx`insert into pipeline_probe values (${t}, ${a})`;
      answer = later(tx<{ n: number }[]>`insert into pipeline_probe values (${t}, ${b}) returning n`.execute());
      return 'done';
    });
    expect(value).toBe('done');
    expect((await answer)?.[0]?.n).toBe(b);
    expect(await stored(t)).toEqual([a, b].sort((x, y) => x - y));
  });

  it('rolls back when a later statement fails, with that statement’s error, and the connection serves again', async () => {
    const pool = onePool();
    try {
      const t = tag();
      const taken = n();
      await sql`insert into pipeline_probe values ('taken', ${taken})`;
      const attempt = pipelinedTransaction(pool, async ({ tx, later }) => {
        later(tx`insert into pipeline_probe values (${t}, ${n()})`.execute());
        later(tx`insert into pipeline_probe values (${t}, ${taken})`.execute());
        later(tx`insert into pipeline_probe values (${t}, ${n()})`.execute());
      });
      // The unique violation, not the 25P02 of the statement after it, nor the COMMIT's ROLLBACK.
      await expect(attempt).rejects.toMatchObject({ code: '23505' });
      expect(await stored(t)).toEqual([]);
      const [row] = await pool<{ n: number; open: boolean }[]>`
        select 7::int as n, pg_current_xact_id_if_assigned() is not null as open`;
      expect(row).toEqual({ n: 7, open: false });
    } finally {
      await pool.end({ timeout: 5 });
    }
  });

  it('an awaited statement after a failed later one throws the later one’s error', async () => {
    const t = tag();
    const attempt = pipelinedTransaction(sql, async ({ tx, later }) => {
      later(tx`select 1 / 0`.execute());
      await tx`insert into pipeline_probe values (${t}, ${n()})`;
    });
    await expect(attempt).rejects.toThrow(/division by zero/);
    expect(await stored(t)).toEqual([]);
  });

  it('rolls back what was sent when fn throws, and throws fn’s error', async () => {
    const pool = onePool();
    try {
      const t = tag();
      const attempt = pipelinedTransaction(pool, async ({ tx, later }) => {
        later(tx`insert into pipeline_probe values (${t}, ${n()})`.execute());
        await tx`select 1`;
        throw new Error('the plan limit, say');
      });
      await expect(attempt).rejects.toThrow('the plan limit, say');
      expect(await stored(t)).toEqual([]);
      expect((await pool<{ n: number }[]>`select 8::int as n`)[0]?.n).toBe(8);
    } finally {
      await pool.end({ timeout: 5 });
    }
  });

  it('keeps other queries of the pool out of the transaction while it is open', async () => {
    const t = tag();
    const a = n();
    let outside: Promise<unknown> | undefined;
    await pipelinedTransaction(sql, async ({ tx }) => {
      await tx`insert into pipeline_probe values (${t}, ${a})`;
      // On another connection (or, embedded, after the commit): it must not see the uncommitted row.
      outside = sql`select count(*)::int as n from pipeline_probe where tag = ${t}`.execute();
      await tx`select pg_sleep(0.02)`;
    });
    const [row] = (await outside) as { n: number }[];
    expect([0, 1]).toContain(row?.n);
    expect(await stored(t)).toEqual([a]);
  });

  it('a transaction whose only waits are its lookups takes two writes to the server: lookups, then the rest', async () => {
    const t = tag();
    // The driver flushes what a tick queued in one socket write: a write is a round trip's start.
    let writes = 0;
    const { hostname, port } = new URL(url);
    const pool = createDb({
      url,
      max: 1,
      connect: () => {
        const socket = connect(Number(port || 5432), hostname);
        const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
        (socket as { write: unknown }).write = (...args: unknown[]) => {
          writes++;
          return write(...args);
        };
        return socket;
      },
    });
    try {
      // A statement's first run describes it first (a round trip of its own, then cached for the
      // connection), as a hot path's statements have been long before: each shape runs twice.
      const pipelined = () =>
        pipelinedTransaction(pool, async ({ tx, later }) => {
          await Promise.all([tx`select 1`, tx`select ${t}::text`]);
          later(tx`insert into pipeline_probe values (${t}, ${n()})`.execute());
          later(tx`insert into pipeline_probe values (${t}, ${n()})`.execute());
        });
      const begun = () =>
        pool.begin(async (tx) => {
          await Promise.all([tx`select 1`, tx`select ${t}::text`]);
          await tx`insert into pipeline_probe values (${t}, ${n()})`;
          await tx`insert into pipeline_probe values (${t}, ${n()})`;
        });
      await pipelined();
      await begun();
      let before = writes;
      await pipelined();
      expect(writes - before).toBe(2);
      // sql.begin, for the record: BEGIN, the lookups, each insert and COMMIT wait in turn.
      before = writes;
      await begun();
      expect(writes - before).toBe(5);
      expect((await stored(t)).length).toBe(8);
    } finally {
      await pool.end({ timeout: 5 });
    }
  });

  it('rejects with an outage error when its connection dies, and the pool serves again', async () => {
    const pool = onePool(proxy.via(url));
    try {
      await pool`select 1`;
      const attempt = pipelinedTransaction(pool, async ({ tx, later }) => {
        await tx`select 1`;
        proxy.cut();
        later(tx`select pg_sleep(0.05)`.execute());
      });
      const outcome = await attempt.then(
        () => 'committed',
        (error: unknown) => (isDependencyUnavailable(error) ? 'outage' : String(error)),
      );
      expect(outcome).toBe('outage');
      let answered = false;
      for (let i = 0; i < 20 && !answered; i++) {
        answered = await pool`select 1 as n`.then(
          () => true,
          () => false,
        );
      }
      expect(answered).toBe(true);
    } finally {
      await pool.end({ timeout: 5 });
    }
  });
});
