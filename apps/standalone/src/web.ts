// The web UI inside standalone: Next.js (apps/web) served by its request
// handler on the same port as the API and the gateway. A fresh checkout has no
// build yet, and a pulled one may have a stale build: either way the UI is
// built before it is served (a minute at most, said in the log), with a lock
// so two processes starting at once do not build over each other.
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '@relay/logger';

export const WEB_DIR = fileURLToPath(new URL('../../web', import.meta.url));
const require = createRequire(import.meta.url);

export type Web = {
  handle(req: IncomingMessage, res: ServerResponse): void;
  close(): Promise<void>;
};

/** The newest modification time under the UI's sources (what a build depends on). */
function newestSource(dir: string): number {
  let newest = 0;
  const walk = (path: string) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const full = join(path, entry.name);
      if (entry.isDirectory()) walk(full);
      else newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  walk(join(dir, 'src'));
  for (const file of ['package.json', 'next.config.ts', 'tsconfig.json']) {
    newest = Math.max(newest, statSync(join(dir, file)).mtimeMs);
  }
  return newest;
}

function builtAt(dir: string, distDir: string): number | null {
  try {
    return statSync(join(dir, distDir, 'BUILD_ID')).mtimeMs;
  } catch {
    return null;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Builds the UI unless an up-to-date build exists. Safe to call from several processes at once. */
export async function ensureWebBuild(dir: string, distDir: string, logger: Logger): Promise<void> {
  const lock = join(dir, `${distDir}-build.lock`);
  for (;;) {
    const built = builtAt(dir, distDir);
    if (built !== null && built >= newestSource(dir)) return;
    try {
      mkdirSync(lock);
    } catch {
      // Someone else is building (or died building: a lock older than 5 minutes is taken over).
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 5 * 60_000) rmSync(lock, { recursive: true, force: true });
      await sleep(500);
      continue;
    }
    try {
      const again = builtAt(dir, distDir);
      if (again !== null && again >= newestSource(dir)) return;
      logger.info({ component: 'web' }, 'building the web UI (first start or changed sources; up to a minute)');
      await runNextBuild(dir, distDir);
      logger.info({ component: 'web' }, 'web UI built');
      return;
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}

function runNextBuild(dir: string, distDir: string): Promise<void> {
  const bin = require.resolve('next/dist/bin/next');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'build', dir], {
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production', RELAY_WEB_DIST_DIR: distDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output = (output + chunk).slice(-8000);
    });
    child.stderr.on('data', (chunk) => {
      output = (output + chunk).slice(-8000);
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`building the web UI failed (exit ${code}):\n${output}`)),
    );
  });
}

export async function startWeb(logger: Logger, distDir: string, dir = WEB_DIR): Promise<Web> {
  await ensureWebBuild(dir, distDir, logger);
  // next.config.ts reads it when the server loads the config below, as the build did.
  process.env.RELAY_WEB_DIST_DIR = distDir;
  const { default: next } = (await import('next')) as unknown as {
    default: (options: { dev: boolean; dir: string; quiet?: boolean }) => {
      prepare(): Promise<void>;
      getRequestHandler(): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
      close(): Promise<void>;
    };
  };
  const app = next({ dev: false, dir, quiet: true });
  await app.prepare();
  const handler = app.getRequestHandler();
  return {
    handle(req, res) {
      handler(req, res).catch((error: unknown) => {
        logger.error({ component: 'web', err: error }, 'web request failed');
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('Internal error');
      });
    },
    close: () => app.close(),
  };
}
