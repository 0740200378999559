// Owns the embedded PostgreSQL of standalone mode: PGlite served over a local
// socket so the rest of the code talks to it exactly as to a real server, and
// a lock file so two processes never open the same data directory.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { InProcessConnection, sessionQueueOf } from './embedded-connection.ts';

export type EmbeddedPostgres = {
  /** A postgres:// URL for the `postgres` driver. */
  url: string;
  /** The data directory, or null for an in-memory database. */
  dataDir: string | null;
  /**
   * A connection inside this process, for the driver's `socket` option (createDb's `connect`):
   * no loopback TCP, one PGlite run per write (embedded-connection.ts). Other processes use `url`.
   */
  connect(): InProcessConnection;
  stop(): Promise<void>;
};

export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';
}

type LockInfo = { pid: number; host: string; startedAt: string };

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the data directory's lock file or throws DataDirLockedError naming the
 * process that holds it. A lock left by a process that no longer runs (a crash,
 * kill -9) is taken over at once: PGlite recovers the data like PostgreSQL does.
 * Written here rather than with a lock library because the pid check gives an
 * exact message and instant recovery instead of a staleness timeout.
 */
function acquireLock(lockPath: string): () => void {
  const mine: LockInfo = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockPath, JSON.stringify(mine), { flag: 'wx' });
      const release = () => rmSync(lockPath, { force: true });
      process.once('exit', release);
      return () => {
        process.removeListener('exit', release);
        release();
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let holder: LockInfo | undefined;
    try {
      holder = JSON.parse(readFileSync(lockPath, 'utf8')) as LockInfo;
    } catch {
      holder = undefined; // unreadable or half-written: treat as stale
    }
    if (holder && holder.host === mine.host && isAlive(holder.pid)) {
      throw new DataDirLockedError(
        `the embedded database in ${resolve(lockPath, '..')} is in use by another Relay process (pid ${holder.pid}, ` +
          `started ${holder.startedAt}); stop it first, or set RELAY_DATA_DIR to another folder`,
      );
    }
    if (holder && holder.host !== mine.host) {
      throw new DataDirLockedError(
        `the embedded database in ${resolve(lockPath, '..')} is locked by host ${holder.host} (pid ${holder.pid}); ` +
          `if that host is gone, delete ${lockPath}`,
      );
    }
    rmSync(lockPath, { force: true });
  }
  throw new DataDirLockedError(`could not take the lock ${lockPath}`);
}

/**
 * Starts PGlite and serves it on 127.0.0.1 at a free port. With dataDir the
 * database lives in `<dataDir>/pglite` (created on first start, which runs
 * initdb and takes a few seconds); without it, in memory (for tests).
 */
export async function startEmbeddedPostgres(options: { dataDir?: string } = {}): Promise<EmbeddedPostgres> {
  const dataDir = options.dataDir ? resolve(options.dataDir) : null;
  let releaseLock = () => {};
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    releaseLock = acquireLock(join(dataDir, 'relay.lock'));
  }
  try {
    const db = await PGlite.create(dataDir ? join(dataDir, 'pglite') : undefined);
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 64 });
    const queue = sessionQueueOf(server);
    await server.start();
    // "127.0.0.1:<port>", with the port the OS picked.
    const hostPort = server.getServerConn();
    let stopped: Promise<void> | undefined;
    return {
      url: `postgres://postgres@${hostPort}/postgres`,
      dataDir,
      connect: () => new InProcessConnection(queue),
      stop() {
        stopped ??= (async () => {
          try {
            await server.stop();
            await db.close();
          } finally {
            releaseLock();
          }
        })();
        return stopped;
      },
    };
  } catch (error) {
    releaseLock();
    throw error;
  }
}
