// Owns the gateway's fire-and-forget work (presence and viewing updates that a
// connect or disconnect starts): failures are logged, never thrown into
// Socket.IO, work for one key runs in order, and close() can wait for all of it.
import type { Logger } from '@relay/logger';

export type WorkTracker = {
  /** Runs work after earlier work of the same key; the promise rejects with its error (the chain does not). */
  run<T>(key: string, what: string, work: () => Promise<T>): Promise<T>;
  /** Resolves once nothing is running. */
  idle(): Promise<void>;
};

export function createWorkTracker(logger: Logger): WorkTracker {
  const chains = new Map<string, Promise<unknown>>();
  const pending = new Set<Promise<unknown>>();
  return {
    run(key, what, work) {
      const result = (chains.get(key) ?? Promise.resolve()).then(work);
      const settled = result.then(
        () => undefined,
        (error: unknown) => logger.warn({ err: error, key }, `${what} failed`),
      );
      chains.set(key, settled);
      pending.add(settled);
      void settled.finally(() => {
        pending.delete(settled);
        if (chains.get(key) === settled) chains.delete(key);
      });
      return result;
    },
    async idle() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}
