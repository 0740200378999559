// Waits for the worker to finish what an earlier phase queued. An overloaded
// phase leaves thousands of push jobs due (one per customer message); the
// worker works them off for minutes afterwards, on the same two cores, and
// the next phase would measure that instead of itself.
import type { Sql } from '@relay/db';

const POLL_MS = 500;
/** Long enough for a minute of overload's push jobs; past it the report says the worker was still busy. */
const MAX_WAIT_MS = 180_000;

export type Settled = { waitedMs: number; jobsLeft: number };

export async function settle(sql: Sql, maxWaitMs = MAX_WAIT_MS): Promise<Settled> {
  const started = performance.now();
  for (;;) {
    const [row] = await sql<{ due: number }[]>`
      select count(*)::int as due from jobs where status in ('pending', 'running') and next_attempt_at <= now()`;
    const due = row?.due ?? 0;
    const waitedMs = Math.round(performance.now() - started);
    if (due === 0 || waitedMs >= maxWaitMs) return { waitedMs, jobsLeft: due };
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** One line for the report; `what` names what waited ("this scenario", "the 150 msg/s pair"). */
export function describeSettle({ waitedMs, jobsLeft }: Settled, what: string): string {
  if (waitedMs < POLL_MS)
    return `The worker had no due jobs left from earlier phases when ${what.toLowerCase()} began.`;
  const waited = (waitedMs / 1000).toFixed(1);
  return jobsLeft === 0
    ? `${what} began after ${waited} s waiting for the worker to finish the jobs earlier phases queued.`
    : `${what} began after waiting ${waited} s with ${jobsLeft} jobs still due from earlier phases: the worker was still busy.`;
}
