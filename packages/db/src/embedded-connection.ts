// Owns the in-process connection to the embedded database: a socket-shaped
// object the `postgres` driver talks to (its `socket` option) that hands each
// write to PGlite directly instead of over loopback TCP.
//
// Over TCP (pglite-socket's server) every statement costs two syscalls each
// way and the server runs PGlite once per protocol message (Parse, Bind,
// Describe, Execute, Sync: five entries for one query). Here one write of the
// driver, which holds whole messages and often several pipelined queries, is
// one PGlite run, and its replies come back as one `data` event: about half
// the CPU per statement and a third for pipelined ones (measured on this
// machine, select of a parameter: 0.59 → 0.31 ms; pipelined 0.28 → 0.11 ms).
//
// PGlite has one session. The TCP server's queue already decides whose
// messages run while a transaction is open (its owner's, until it ends); the
// in-process connections go through that same queue under ids of their own, so
// a psql session and Relay's pool can never run inside each other's
// transaction. The queue is pglite-socket's internal (`queryQueue`, version
// pinned in package.json); startEmbeddedPostgres refuses to start without it
// and packages/db/test/embedded.test.ts holds the behaviour to it.
import { EventEmitter } from 'node:events';

/** What pglite-socket's QueryQueueManager offers (see the note above). */
export type SessionQueue = {
  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number>;
  clearQueueForHandler(handlerId: number): void;
  clearTransactionIfNeeded(handlerId: number): Promise<void>;
};

/** pglite-socket numbers its TCP handlers from 1 up; in-process ones count down from -1. */
let nextHandlerId = -1;

/**
 * The subset of net.Socket the driver uses when it is given a socket: write,
 * end, destroy, readyState and the data / error / close events.
 */
export class InProcessConnection extends EventEmitter {
  readyState: 'open' | 'closed' = 'open';
  private readonly id = nextHandlerId--;

  constructor(private readonly queue: SessionQueue) {
    super();
  }

  write(chunk: Uint8Array, callback?: (error?: Error | null) => void): boolean {
    if (this.readyState === 'closed') {
      const error = new Error('the embedded database connection is closed');
      queueMicrotask(() => callback?.(error));
      return false;
    }
    const replies: Buffer[] = [];
    // A copy: PGlite hands out views of its own memory, reused by the next run.
    const collect = (data: Uint8Array) => {
      if (data.length > 0) replies.push(Buffer.from(data));
    };
    this.queue.enqueue(this.id, Uint8Array.from(chunk), collect).then(
      () => {
        if (replies.length > 0 && this.readyState === 'open') {
          this.emit('data', replies.length === 1 ? replies[0] : Buffer.concat(replies));
        }
        callback?.();
      },
      (error: Error) => {
        callback?.(error);
        this.fail(error);
      },
    );
    return true;
  }

  end(chunk?: Uint8Array): this {
    if (chunk && this.readyState === 'open') this.write(chunk);
    this.destroy();
    return this;
  }

  destroy(): this {
    if (this.readyState === 'closed') return this;
    this.readyState = 'closed';
    // Whatever this connection left queued is dropped, and a transaction it left open rolls back,
    // so the session is free for the others (what pglite-socket does when a TCP client goes).
    this.queue.clearQueueForHandler(this.id);
    void this.queue.clearTransactionIfNeeded(this.id).finally(() => this.emit('close', false));
    return this;
  }

  private fail(error: Error) {
    if (this.readyState === 'closed') return;
    this.emit('error', error);
    this.destroy();
  }
}

/** pglite-socket's server keeps its queue in `queryQueue`; this reads it or says why it cannot. */
export function sessionQueueOf(server: object): SessionQueue {
  const queue = (server as { queryQueue?: Partial<SessionQueue> }).queryQueue;
  if (
    typeof queue?.enqueue !== 'function' ||
    typeof queue.clearQueueForHandler !== 'function' ||
    typeof queue.clearTransactionIfNeeded !== 'function'
  ) {
    throw new Error(
      'this @electric-sql/pglite-socket has no queryQueue with enqueue, clearQueueForHandler and ' +
        'clearTransactionIfNeeded: the in-process connection (packages/db/src/embedded-connection.ts) needs them',
    );
  }
  return queue as SessionQueue;
}
