// One background loop: runs `tick` again and again, sleeping between runs, and
// can be woken early (nudge) or stopped (waits for the running tick). Every
// worker loop (delivery, routing, SLA, push) is one of these. While
// PostgreSQL or Redis is down the loop backs off and says so once, not a stack
// per tick, and says again when the dependency answers.
import { type Dependency, unavailableDependency } from '@relay/db';
import type { Logger } from '@relay/logger';

export type Loop = { stop(): Promise<void>; nudge(): void };

/**
 * What a tick reports: `again` runs the next tick at once (a full batch was
 * taken, more may be waiting); `sleepMs` sleeps less than the poll interval
 * (the SLA engine sleeps exactly until its next due moment).
 */
export type TickResult = { again?: boolean; sleepMs?: number } | undefined;

/** The longest a loop waits between tries while a dependency is down. */
export const OUTAGE_MAX_BACKOFF_MS = 5000;

export function startPollLoop(opts: {
  name: string;
  logger: Logger;
  pollMs: number;
  tick: () => Promise<TickResult | undefined>;
}): Loop {
  let running = true;
  let wake: (() => void) | undefined;
  let woken = false;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (woken || ms <= 0) {
        woken = false;
        resolve();
        return;
      }
      const timer = setTimeout(finish, ms);
      function finish() {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = finish;
    });

  let outage: { dependency: Dependency; since: number; backoffMs: number } | undefined;

  const done = (async () => {
    while (running) {
      let result: TickResult;
      try {
        result = await opts.tick();
        if (outage) {
          const { dependency, since } = outage;
          opts.logger.info(
            { loop: opts.name, dependency, downMs: Date.now() - since },
            'dependency is back; loop resumed',
          );
          outage = undefined;
        }
      } catch (error) {
        const dependency = unavailableDependency(error);
        if (!dependency) {
          opts.logger.error({ err: error, loop: opts.name }, 'worker loop error; retrying after the poll interval');
        } else if (!outage) {
          const reason = error instanceof Error ? error.message : String(error);
          opts.logger.warn(
            { loop: opts.name, dependency, reason },
            'dependency unavailable; loop backs off until it answers',
          );
          outage = { dependency, since: Date.now(), backoffMs: opts.pollMs };
        } else {
          outage.backoffMs = Math.min(outage.backoffMs * 2, OUTAGE_MAX_BACKOFF_MS);
        }
        if (!running) break;
        await sleep(outage ? outage.backoffMs : opts.pollMs);
        continue;
      }
      if (!running) break;
      if (result?.again) continue;
      await sleep(Math.min(opts.pollMs, result?.sleepMs ?? opts.pollMs));
    }
  })();

  return {
    nudge() {
      // A nudge during a tick must not be lost: the next sleep returns at once.
      if (wake) wake();
      else woken = true;
    },
    async stop() {
      running = false;
      wake?.();
      await done;
    },
  };
}
