// Owns the one `postgres` instance per process: its pool size, timeouts, type
// parsing and the snake_case <-> camelCase column mapping every query relies on.
import postgres from 'postgres';

export type Sql = postgres.Sql<{}>;
export type Tx = postgres.TransactionSql<{}>;
/** Anything a query can run on: the pool or an open transaction. */
export type Queryable = Sql | Tx;

export type DbOptions = {
  url: string;
  /** Connections in the pool. The embedded database serialises everything on one session, so it gets one. */
  max?: number;
  /** Names the connections in pg_stat_activity. */
  applicationName?: string;
  /** How long opening a connection (TCP and startup) may take before its queries fail with CONNECT_TIMEOUT. */
  connectTimeoutMs?: number;
  /**
   * PostgreSQL's statement_timeout and idle_in_transaction_session_timeout for every connection
   * (none when unset: migrations and tools). The embedded database (PGlite) accepts the startup
   * parameters but enforces neither, so a client-side deadline must back them up (the API's).
   */
  statementTimeoutMs?: number;
  /**
   * Opens each connection instead of TCP to `url` (which then only names the user and database):
   * the embedded database's in-process connection (EmbeddedPostgres.connect).
   */
  connect?: () => object;
};

/**
 * Reconnect delay after connections died with an error. The driver's own grows to 10–20 s after
 * a handful of dead connections (one network blip cutting a whole pool), and queries queued
 * meanwhile wait that long; a second at most keeps requests inside their deadline, and a
 * database that is down still refuses the reconnect at once.
 */
function reconnectDelaySeconds(retries: number): number {
  return Math.min(0.05 * 2 ** retries, 1) * (0.5 + Math.random() / 2);
}

/**
 * A jsonb value as a query on createDb's pool reads it back: through JSON (undefined dropped, dates
 * as text) and with its keys camelCased by the driver's transform. For a row built in the process
 * instead of read (group-commit ingest answers from what it sent).
 */
export function jsonAsRead<T>(value: T): T {
  const column = { type: JSONB_OID } as Parameters<typeof postgres.camel.value.from>[1];
  return postgres.camel.value.from(JSON.parse(JSON.stringify(value)), column) as T;
}

const JSONB_OID = 3802;

export function createDb({
  url,
  max = 10,
  applicationName = 'relay',
  connectTimeoutMs = 5000,
  statementTimeoutMs,
  connect,
}: DbOptions): Sql {
  const timeouts = statementTimeoutMs
    ? { statement_timeout: statementTimeoutMs, idle_in_transaction_session_timeout: statementTimeoutMs }
    : {};
  return postgres(url, {
    max,
    transform: postgres.camel,
    // Counters and seqs are bigint in the schema but stay far below 2^53;
    // numbers keep them JSON-friendly all the way to the browser.
    types: {
      bigint: {
        to: 20,
        from: [20],
        serialize: (value: number) => String(value),
        parse: (value: string) => Number(value),
      },
    },
    connection: { application_name: applicationName, ...timeouts },
    connect_timeout: connectTimeoutMs / 1000,
    backoff: reconnectDelaySeconds,
    onnotice: () => {},
    idle_timeout: 30,
    max_lifetime: 60 * 30,
    // The driver's `socket` option (in its code and README, not in its types): it uses only the
    // write / end / destroy / readyState / events that InProcessConnection has.
    ...((connect ? { socket: connect } : {}) as object),
  });
}
