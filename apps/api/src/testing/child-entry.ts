// Test support: an app's entry file run as its own process (node --import tsx),
// its output kept for assertions, killed by the test's teardown if still up.
import { type ChildProcess, spawn } from 'node:child_process';

export type ChildEntry = {
  child: ChildProcess;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** Its exit code (null when killed by a signal). */
  exited: Promise<number | null>;
};

const running = new Set<ChildProcess>();

/** Starts `entry` with the test's environment minus the database and Redis, plus `env`. */
export function startChildEntry(entry: string, env: Record<string, string>): ChildEntry {
  const base = { ...process.env };
  delete base.DATABASE_URL;
  delete base.REDIS_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    env: { ...base, NODE_ENV: 'test', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let text = '';
  child.stdout?.on('data', (chunk) => {
    text += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    text += chunk;
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  return { child, output: () => text, exited };
}

/** For afterAll: kills whatever is still running. */
export function killChildEntries(): void {
  for (const child of running) child.kill('SIGKILL');
}
