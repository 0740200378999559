// Whether the database answers at all: the readiness probe's question.
import type { Sql } from './create-db.ts';

export async function pingDatabase(sql: Sql): Promise<void> {
  await sql`select 1`;
}
