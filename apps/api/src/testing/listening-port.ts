// Test support: the port a child API chose (PORT=0), read from its
// "api listening" log line; fails at once if the process exits first.
import { vi } from 'vitest';
import type { ChildEntry } from './child-entry.ts';

export async function listeningPort(api: ChildEntry): Promise<number> {
  let port: number | undefined;
  await vi.waitUntil(
    () => {
      if (api.child.exitCode !== null) throw new Error(`exited early:\n${api.output()}`);
      const line = api
        .output()
        .split('\n')
        .find((l) => l.includes('"api listening"'));
      port = line ? (JSON.parse(line) as { port: number }).port : undefined;
      return port !== undefined;
    },
    { timeout: 60_000, interval: 50 },
  );
  return port as number;
}
