// One background loop: runs `tick` again and again, sleeping between runs, and
// can be woken early (nudge) or stopped (waits for the running tick). Every
// worker loop (delivery, routing, SLA, push) is one of these.
import type { Logger } from '@relay/logger';

export type Loop = { stop(): Promise<void>; nudge(): void };

/**
 * What a tick reports: `again` runs the next tick at once (a full batch was
 * taken, more may be waiting); `sleepMs` sleeps less than the poll interval
 * (the SLA engine sleeps exactly until its next due moment).
 */
export type TickResult = { again?: boolean; sleepMs?: number } | undefined;

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

  const done = (async () => {
    while (running) {
      let result: TickResult;
      try {
        result = await opts.tick();
      } catch (error) {
        opts.logger.error({ err: error, loop: opts.name }, 'worker loop error; retrying after the poll interval');
        result = undefined;
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
