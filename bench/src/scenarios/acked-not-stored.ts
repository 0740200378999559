// The check behind "a webhook is acknowledged only after its message is
// committed": every bench message answered 200 must be in the messages table
// afterwards, found by the marker in its text. Scenarios 1 and 3 run it.
import type { Sql } from '@relay/db';
import type { LoadResult } from '../load/protocol.ts';
import type { SeededTenant } from '../stack/seed-tenants.ts';

/** Messages answered 200 that the messages table does not hold (matched by their marker text). */
export async function ackedNotStored(sql: Sql, tenants: SeededTenant[], result: LoadResult): Promise<number> {
  const prefix = `bench ${result.phase} `;
  const rows = await sql<{ n: number }[]>`
    select substr(content, ${prefix.length + 1})::int as n from messages
    where tenant_id = any(${tenants.map((t) => t.tenantId)}::uuid[]) and starts_with(content, ${prefix})`;
  const stored = new Set(rows.map((row) => row.n));
  const notAcked = new Set(result.notAcked);
  let missing = 0;
  for (let n = 0; n < result.messages; n++) if (!notAcked.has(n) && !stored.has(n)) missing++;
  return missing;
}
