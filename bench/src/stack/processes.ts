// Owns the child processes of a run: starts each with tsx and the orphan
// guard, sends its output to a log file, notices an early death, and stops
// them all (SIGINT, then SIGKILL after a grace) exactly once.
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ORPHAN_GUARD, REPO_ROOT } from '../paths.ts';

const STOP_GRACE_MS = 8_000;
const NODE_FLAGS = ['--import', 'tsx', '--import', ORPHAN_GUARD];

export type Child = {
  name: string;
  process: ChildProcess;
  logFile: string;
  /** Resolves with the exit code (or signal name) when the process ends. */
  exited: Promise<string>;
  readonly running: boolean;
  /** The last lines of its log, for error messages. */
  tail(lines?: number): string;
};

export type ProcessGroup = {
  /** A TypeScript entry file run with node (`node --import tsx <file>`), cwd = the repository; extraFlags go to node. */
  start(name: string, entry: string, env: Record<string, string>, extraFlags?: string[]): Child;
  /** Like start, with a message channel the parent talks over (the load generator). */
  fork(name: string, entry: string, env: Record<string, string>): Child;
  readonly children: Child[];
  /** Stops one child (SIGINT, SIGKILL after a grace); stopAll still covers the rest. */
  stop(child: Child): Promise<void>;
  stopAll(): Promise<void>;
};

export function createProcessGroup(logDir: string): ProcessGroup {
  const children: Child[] = [];
  let stopping: Promise<void> | undefined;

  const track = (name: string, child: ChildProcess, logFile: string, fd: number): Child => {
    let running = true;
    const exited = new Promise<string>((resolve) => {
      child.once('exit', (code, signal) => {
        running = false;
        closeSync(fd);
        resolve(signal ?? String(code));
      });
    });
    const handle: Child = {
      name,
      process: child,
      logFile,
      exited,
      get running() {
        return running;
      },
      tail: (lines = 15) => tailOf(logFile, lines),
    };
    children.push(handle);
    return handle;
  };

  const prepare = (name: string, env: Record<string, string>) => {
    const logFile = join(logDir, `${name}.log`);
    const fd = openSync(logFile, 'a');
    // Only what the child needs: PATH for tools, the rest explicit (no leaked DATABASE_URL of the caller).
    const childEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env };
    return { logFile, fd, childEnv };
  };

  return {
    children,
    start(name, entry, env, extraFlags = []) {
      const { logFile, fd, childEnv } = prepare(name, env);
      const child = spawn(process.execPath, [...NODE_FLAGS, ...extraFlags, entry], {
        cwd: REPO_ROOT,
        env: childEnv,
        stdio: ['ignore', fd, fd, 'ipc'],
      });
      return track(name, child, logFile, fd);
    },
    fork(name, entry, env) {
      const { logFile, fd, childEnv } = prepare(name, env);
      const child = fork(entry, [], {
        cwd: REPO_ROOT,
        env: childEnv,
        execArgv: NODE_FLAGS,
        stdio: ['ignore', fd, fd, 'ipc'],
      });
      return track(name, child, logFile, fd);
    },
    stop,
    stopAll() {
      stopping ??= Promise.all(children.map(stop)).then(() => undefined);
      return stopping;
    },
  };
}

async function stop(child: Child): Promise<void> {
  if (!child.running) return;
  child.process.kill('SIGINT');
  const timer = setTimeout(() => child.process.kill('SIGKILL'), STOP_GRACE_MS);
  await child.exited;
  clearTimeout(timer);
}

function tailOf(file: string, lines: number): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
