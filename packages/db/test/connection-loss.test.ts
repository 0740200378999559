import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDb, isDependencyUnavailable, type Sql } from '../src/index.ts';
import { startTcpProxy, type TcpProxy, testPoolMax } from '../src/testing/index.ts';

// postgres.js 3.4.9 crashed the process when a connection died mid-transaction
// (porsager/postgres#1208, #1154, #1066): the transaction's ROLLBACK (or its next
// statement) was written to the dead connection, the write was deferred with
// setImmediate, and `socket.write` ran on a null socket from the timer, an
// uncaughtException. And teardown cleared the deferred write's timer without
// forgetting it, so the connection never scheduled a write again: the next
// query, even the reconnect's startup message, waited forever. A backend killed
// while a new connection fetched its array types rejected a promise nobody
// awaited, which ends a Node process as surely.
// patches/postgres+3.4.9.patch fixes both; these reproduce them.

const url = inject('databaseUrl');
const embedded = inject('embeddedDatabase');
/** Longest a query may take to settle after its connection died: far beyond a reconnect, far below a hang. */
const SETTLE_BOUND_MS = 15_000;

let proxy: TcpProxy;
let admin: Sql;
const crashes: unknown[] = [];
const onCrash = (error: unknown) => crashes.push(error);

beforeAll(async () => {
  const { hostname, port } = new URL(url);
  proxy = await startTcpProxy({ host: hostname, port: Number(port || 5432) });
  admin = createDb({ url, max: 1, applicationName: 'relay-test-admin' });
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
});
afterAll(async () => {
  process.off('uncaughtException', onCrash);
  process.off('unhandledRejection', onCrash);
  await admin.end({ timeout: 5 });
  await proxy.close();
});
afterEach(() => {
  expect(crashes).toEqual([]);
});

/** A pool through the proxy, named so its backends can be found in pg_stat_activity. */
function proxiedPool(): { pool: Sql; name: string } {
  const name = `relay-loss-${randomBytes(4).toString('hex')}`;
  return { pool: createDb({ url: proxy.via(url), max: testPoolMax(), applicationName: name }), name };
}

type Killer = { name: string; kill(applicationName: string): Promise<void> };
const killers: Killer[] = [
  { name: 'connections cut', kill: async () => proxy.cut() },
  // The embedded database is one PGlite session behind a socket: it has no backends to terminate.
  ...(embedded
    ? []
    : [
        {
          name: 'backends terminated',
          kill: async (applicationName: string) => {
            await admin`select pg_terminate_backend(pid) from pg_stat_activity where application_name = ${applicationName}`;
          },
        },
      ]),
];

/** Waits for the promise to settle, or reports it as hung after a generous bound. */
async function settle<T>(work: Promise<T>): Promise<PromiseSettledResult<T> | { status: 'hung' }> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<{ status: 'hung' }>((resolve) => {
    timer = setTimeout(() => resolve({ status: 'hung' }), SETTLE_BOUND_MS);
  });
  const settled = Promise.allSettled([work]).then(([result]) => result as PromiseSettledResult<T>);
  try {
    return await Promise.race([settled, hung]);
  } finally {
    clearTimeout(timer);
  }
}

/** Every outcome that is neither a result nor an outage error, e.g. a hang or a bug. */
function unexpected(results: (PromiseSettledResult<unknown> | { status: 'hung' })[]): string[] {
  return results.flatMap((r) => {
    if (r.status === 'fulfilled') return [];
    if (r.status === 'hung') return ['hung'];
    return isDependencyUnavailable(r.reason) ? [] : [String(r.reason)];
  });
}

/**
 * Whether the pool answers a query again. A connection whose termination has not reached the
 * client yet may still reject one with an outage error, so a few are tried; a hang is a failure.
 */
async function answersAgain(pool: Sql): Promise<boolean> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const outcome = await settle(pool<{ n: number }[]>`select 7::int as n`);
    if (outcome.status === 'fulfilled') return outcome.value[0]?.n === 7;
    if (outcome.status === 'hung' || !isDependencyUnavailable(outcome.reason)) return false;
  }
  return false;
}

describe('a connection that dies under the driver', () => {
  it('rejects the open transaction with an outage error, and the pool serves queries again', async () => {
    const { pool } = proxiedPool();
    try {
      const outcome = await settle(
        pool.begin(async (tx) => {
          await tx`select 1`;
          proxy.cut();
          // Sent on the dying connection; then the driver's ROLLBACK is too.
          await tx`select pg_sleep(0.05)`;
          await tx`select 2`;
        }),
      );
      expect(outcome.status).toBe('rejected');
      expect(unexpected([outcome])).toEqual([]);
      expect(await answersAgain(pool)).toBe(true);
    } finally {
      await pool.end({ timeout: 5 });
    }
  });

  it('settles the queries queued on a reserved connection when it dies, and release() does not pool the dead one', async () => {
    // A statement the connection has not described yet makes it "full": the reserved queries after
    // it wait in the reservation's own queue. The unpatched driver never settled them when the
    // connection closed (a pipelined transaction's ROLLBACK hung there), and release() put the
    // closed connection back among the open ones.
    const { pool } = proxiedPool();
    try {
      const reserved = await pool.reserve();
      await reserved`select 1`;
      const queued = [
        reserved`select ${randomBytes(4).toString('hex')}::text as fresh, pg_sleep(0.05)`.execute(),
        reserved`select 2`.execute(),
        reserved`select 3`.execute(),
      ];
      proxy.cut();
      const results = await Promise.all(queued.map(settle));
      expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
      expect(unexpected(results)).toEqual([]);
      // Sent after the close: refused at once, not written to whatever the connection became.
      expect(unexpected([await settle(reserved`select 4`.execute())])).toEqual([]);
      reserved.release();
      expect(await answersAgain(pool)).toBe(true);
    } finally {
      await pool.end({ timeout: 5 });
    }
  });

  it.each(killers)('settles every pipelined query and transaction when $name, and recovers', async ({ kill }) => {
    const { pool, name } = proxiedPool();
    try {
      for (let round = 0; round < 5; round++) {
        const work: Promise<unknown>[] = [];
        for (let i = 0; i < 60; i++) work.push(pool`select ${i}::int as n, pg_sleep(0.001)`);
        for (let t = 0; t < 12; t++) {
          work.push(
            pool.begin(async (tx) => {
              await tx`select set_config('app.round', ${String(round)}, true)`;
              await tx`select pg_sleep(0.002)`;
              await tx`select current_setting('app.round') as round`;
            }),
          );
        }
        // Kill once some of the work has been answered, so the connections die mid-stream.
        await Promise.race(work.map((w) => w.catch(() => undefined)));
        await kill(name);
        const results = await Promise.all(work.map(settle));
        expect(unexpected(results)).toEqual([]);
        // The same pool answers again, through connections that died with writes buffered.
        expect(await answersAgain(pool)).toBe(true);
      }
    } finally {
      await pool.end({ timeout: 5 });
    }
  });
});
