// The SQL alone behind one API read: runs the same @relay/db query function
// the route runs, in a tenant transaction as relay_app (RLS on, like the API),
// on a connection that records the statement it sends, then EXPLAIN (ANALYZE,
// BUFFERS) of exactly that text and parameters. The API reuses prepared
// statements, so after a few runs PostgreSQL may pick a generic plan there;
// EXPLAIN shows the custom plan for these values.
import { type Sql, type Tx, withTenant } from '@relay/db';
import postgres from 'postgres';

export type ExplainedQuery = {
  query: string;
  /** The plan of the last run (warm), one line per row of EXPLAIN's output. */
  plan: string;
  executionMs: number[];
  planningMs: number[];
};

const msOf = (plan: string, label: string) => Number(new RegExp(`${label} Time: ([\\d.]+) ms`).exec(plan)?.[1] ?? NaN);

export async function explainQuery(
  url: string,
  tenantId: string,
  run: (tx: Tx) => Promise<unknown>,
  repeats = 3,
): Promise<ExplainedQuery> {
  let recording = false;
  const sent: { query: string; parameters: unknown[] }[] = [];
  // The same column mapping as @relay/db's pool, which the query functions rely on.
  const sql = postgres(url, {
    max: 1,
    transform: postgres.camel,
    onnotice: () => {},
    connection: { application_name: 'relay-bench-explain' },
    debug: (_connection, query, parameters) => {
      if (recording) sent.push({ query, parameters });
    },
  }) as unknown as Sql;
  try {
    return await withTenant(sql, tenantId, async (tx) => {
      recording = true;
      await run(tx);
      recording = false;
      const last = sent.at(-1);
      if (!last) throw new Error('the query function sent no statement');
      const result: ExplainedQuery = { query: last.query.trim(), plan: '', executionMs: [], planningMs: [] };
      for (let i = 0; i < repeats; i++) {
        const rows = await tx.unsafe(
          `explain (analyze, buffers) ${last.query}`,
          last.parameters as postgres.ParameterOrJSON<never>[],
        );
        result.plan = rows.map((row) => String(Object.values(row)[0])).join('\n');
        result.executionMs.push(msOf(result.plan, 'Execution'));
        result.planningMs.push(msOf(result.plan, 'Planning'));
      }
      return result;
    });
  } finally {
    await sql.end({ timeout: 5 });
  }
}
