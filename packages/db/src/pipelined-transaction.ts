// A transaction that waits on the database only where its caller needs an
// answer. `sql.begin` waits for BEGIN before the first statement and for
// every statement before COMMIT: on a busy 2-core machine each of those round
// trips is a wake-up of a PostgreSQL backend and of the process, and at light
// load they are the whole of a webhook's latency tail. Here BEGIN goes out in
// the same write as the first statements, a statement whose answer nobody
// needs before the end (`later`) is sent without waiting, and COMMIT follows
// the last statement in the same write. Group-commit ingest (the lookups, then
// the insert, the counters, the events and COMMIT together) takes two round
// trips instead of six.
//
// PostgreSQL runs a connection's statements in order, so pipelining changes
// no result: a statement that fails aborts the transaction, every statement
// after it fails with 25P02 (current transaction is aborted), and the COMMIT
// answers ROLLBACK. The first failure is what the caller gets.
import postgres from 'postgres';
import type { Sql, Tx } from './create-db.ts';

export type Pipeline = {
  /** The transaction's statements: awaited where an answer is needed, or handed to `later`. */
  readonly tx: Tx;
  /**
   * A statement sent now whose answer the caller reads only after the commit (or never): the
   * transaction commits only if it succeeds. Returns it, for its answer after the commit.
   * Call it with a sent statement (`tx\`…\`.execute()`, or a query function's promise).
   */
  later<R>(statement: Promise<R>): Promise<R>;
};

/** The COMMIT answered ROLLBACK: a statement of the transaction failed, and nobody had its error. */
export class TransactionRolledBackError extends Error {
  override name = 'TransactionRolledBackError';
}

/**
 * Runs fn in a transaction on a reserved connection, with BEGIN and COMMIT pipelined (above).
 * fn returns after awaiting what it needs; what it gave to `later` may still be in flight, and
 * the COMMIT goes right behind it. Rolls back when fn throws or a statement fails, with the
 * first error. As with withTenant: never await the pool (rather than tx) inside fn.
 */
export async function pipelinedTransaction<T>(sql: Sql, fn: (pipeline: Pipeline) => Promise<T>): Promise<T> {
  const reserved = await sql.reserve();
  // A reserved connection runs what it is given in order, as a transaction's does; savepoints and
  // prepared transactions (the two things TransactionSql adds) are not offered to fn. If it dies,
  // its statements fail with CONNECTION_CLOSED and releasing it does nothing (the driver's reserve,
  // patched: patches/README.md).
  const tx = reserved as unknown as Tx;
  let firstError: unknown;
  const inFlight: Promise<unknown>[] = [];
  const later = <R>(statement: Promise<R>): Promise<R> => {
    // Answers come in the order the statements were sent, so the first rejection is the first failure.
    inFlight.push(
      statement.then(
        () => undefined,
        (error: unknown) => {
          firstError ??= error;
        },
      ),
    );
    return statement;
  };
  let value: T;
  try {
    try {
      later(tx`begin`.execute());
      value = await fn({ tx, later });
    } catch (error) {
      // Behind whatever fn left in flight, which settles first.
      await tx`rollback`.execute().catch(() => undefined);
      await Promise.all(inFlight);
      throw isAborted(error) && firstError !== undefined ? firstError : error;
    }
    let tag: string;
    try {
      [tag] = await Promise.all([tx`commit`.execute().then((result) => result.command), ...inFlight]);
    } catch (error) {
      await Promise.all(inFlight);
      throw firstError ?? error;
    }
    if (firstError !== undefined) throw firstError;
    if (tag !== 'COMMIT') throw new TransactionRolledBackError(`the transaction's commit answered ${tag}`);
    return value;
  } finally {
    reserved.release();
  }
}

/** 25P02: a statement after an earlier failure in the same transaction. */
function isAborted(error: unknown): boolean {
  return error instanceof postgres.PostgresError && error.code === '25P02';
}
