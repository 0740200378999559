// Scenario 5's client: a device that was away reconnects and asks for
// everything after the last seq it had, the way the browser client does
// (packages/realtime/src/client): sync after the cursor, again after the last
// seq of every full page, done at the first short page. Timed from the
// moment it starts connecting to the moment the last page is in.
import { CATCH_UP_PAGE_MAX } from '@relay/contracts';
import type { CatchUpResult } from './protocol.ts';
import { connected, openSocket } from './socket-fleet.ts';

const SYNC_TIMEOUT_MS = 30_000;

export async function catchUp(url: string, token: string, deviceId: string, after: number): Promise<CatchUpResult> {
  const started = performance.now();
  const socket = openSocket(url, token, deviceId);
  try {
    await connected(socket);
    const connectMs = performance.now() - started;
    const seqs: number[] = [];
    let cursor = after;
    let pages = 0;
    for (;;) {
      const reply = await socket.timeout(SYNC_TIMEOUT_MS).emitWithAck('sync', { after: cursor });
      pages++;
      if (!('ok' in reply)) throw new Error(`sync refused: ${reply.error.code} ${reply.error.message}`);
      if (reply.reset) {
        return {
          connectMs,
          caughtUpMs: performance.now() - started,
          pages,
          reset: true,
          seqs,
          latestSeq: reply.latestSeq,
        };
      }
      for (const event of reply.events) seqs.push(event.seq);
      const last = reply.events.at(-1);
      if (reply.events.length < CATCH_UP_PAGE_MAX || !last) {
        return {
          connectMs,
          caughtUpMs: performance.now() - started,
          pages,
          reset: false,
          seqs,
          latestSeq: reply.latestSeq,
        };
      }
      cursor = last.seq;
    }
  } finally {
    socket.close();
  }
}
