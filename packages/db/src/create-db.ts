// Owns the one `postgres` instance per process: its pool size, type parsing
// and the snake_case <-> camelCase column mapping every query relies on.
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
};

export function createDb({ url, max = 10, applicationName = 'relay' }: DbOptions): Sql {
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
    connection: { application_name: applicationName },
    onnotice: () => {},
    idle_timeout: 30,
    max_lifetime: 60 * 30,
  });
}
