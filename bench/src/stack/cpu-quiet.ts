// Waits until a process's CPU has gone quiet: what it still does after a
// phase (a worker's leftover push work) shows up as CPU whatever form that
// work takes. The standalone mode's "between phases" (the harness cannot read
// the jobs table while the process owns its database, as settle.ts does), and
// scenario 3's CPU step, which counts the worker's work after the load.

import { cpuSnapshot } from './cpu-usage.ts';
import type { Child } from './processes.ts';

const WINDOW_MS = 1_000;
/** Under this share of one core over a window counts as quiet (ticks, presence refresh, SLA loop). */
const QUIET_SHARE = 0.1;
const MAX_WAIT_MS = 120_000;

export type Quiet = {
  waitedMs: number;
  quiet: boolean;
  /** The process's CPU over the last window, as a share of one core: what it spends with no load at all. */
  share: number;
};

export async function waitForQuietCpu(child: Child, maxWaitMs = MAX_WAIT_MS): Promise<Quiet> {
  const started = performance.now();
  const used = () => Object.values(cpuSnapshot([child], { servers: false })).reduce((a, b) => a + b, 0);
  for (;;) {
    const before = used();
    await new Promise((resolve) => setTimeout(resolve, WINDOW_MS));
    const share = (used() - before) / WINDOW_MS;
    const waitedMs = Math.round(performance.now() - started);
    if (share < QUIET_SHARE) return { waitedMs: Math.max(0, waitedMs - WINDOW_MS), quiet: true, share };
    if (waitedMs >= maxWaitMs) return { waitedMs, quiet: false, share };
  }
}

export function describeQuiet({ waitedMs, quiet, share }: Quiet, what: string): string {
  const waited = (waitedMs / 1000).toFixed(1);
  const idle = `${(share * 100).toFixed(1)}% of a core`;
  if (!quiet)
    return `${what} began after ${waited} s with the process still busy (${idle}, over ${QUIET_SHARE * 100}%).`;
  const began =
    waitedMs < WINDOW_MS
      ? `The process was quiet when ${what.toLowerCase()} began`
      : `${what} began after ${waited} s waiting for the process's CPU to go quiet`;
  // Its ticks and loops run under load too, and count in every CPU-per-message figure.
  return `${began}: ${idle} with no load, which counts ${(share * 10).toFixed(2)} ms per message at 100 msg/s in the CPU figures.`;
}
