// What the API's database connections were doing during a phase, sampled from
// pg_stat_activity: a cheap first answer to "where does the time go" (CPU on
// the server, lock waits on a hot row, commits waiting on the disk, or idle
// connections while the Node process is the bottleneck).
import type { Sql } from '@relay/db';

const SAMPLE_EVERY_MS = 250;

export type DbWaits = {
  samples: number;
  /** "state: wait_event_type/wait_event" → connections seen in it, over all samples. */
  seen: Record<string, number>;
};

export function sampleDbWaits(sql: Sql, database: string, applicationName: string): { stop(): Promise<DbWaits> } {
  const seen: Record<string, number> = {};
  let samples = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const rows = await sql<{ state: string | null; waitEventType: string | null; waitEvent: string | null }[]>`
        select state, wait_event_type, wait_event from pg_stat_activity
         where datname = ${database} and application_name = ${applicationName}`.catch(() => []);
      samples++;
      for (const row of rows) {
        const wait = row.waitEventType ? `${row.waitEventType}/${row.waitEvent}` : 'cpu';
        const key = `${row.state ?? 'unknown'}: ${wait}`;
        seen[key] = (seen[key] ?? 0) + 1;
      }
      await new Promise((resolve) => setTimeout(resolve, SAMPLE_EVERY_MS));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { samples, seen };
    },
  };
}

/** The busiest states as one line: "active: Lock/tuple 41%, active: cpu 22%, ...". */
export function describeWaits(waits: DbWaits, top = 4): string {
  const total = Object.values(waits.seen).reduce((a, b) => a + b, 0) || 1;
  return Object.entries(waits.seen)
    .filter(([key]) => !key.startsWith('idle:'))
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([key, count]) => `${key} ${Math.round((count / total) * 100)}%`)
    .join(', ');
}
