// Owns the client's position in the tenant's event log: the highest seq
// applied, catching up by `sync` (page after page) after a connect, on a gap
// and on a tick that shows more, and turning live events into an ordered,
// duplicate-free stream. Live events that arrive during a sync, or after a
// gap, wait in a buffer until the sync has filled what came before them.
// Every event applied, live or from a sync page, is parsed with the one
// schema (relayEnvelope); one that does not parse is reported and skipped,
// its seq still counted as applied, so a bad event never stops the stream.
import {
  CATCH_UP_PAGE_MAX,
  type EventEnvelope,
  type EventParseError,
  type RelayEnvelope,
  relayEnvelope,
} from '@relay/contracts';
import type { RealtimeSocket } from './realtime-socket.ts';

export type SeqTrackerOptions = {
  lastSeq: number;
  requestTimeoutMs: number;
  /** Wait before retrying a sync the server answered with an error. */
  retryDelayMs: number;
  /** The socket to sync on (it changes when the client moves to another node). */
  socket: () => RealtimeSocket;
  onEvent: (envelope: RelayEnvelope) => void;
  /** An event that does not parse (an unknown type, a payload off its schema): skipped after this. */
  onInvalidEvent: (envelope: EventEnvelope, error: EventParseError) => void;
  onReset: (latestSeq: number) => void;
  /** lastSeq moved (an ack is due). */
  onAdvance: () => void;
  /** A sync round finished with nothing left to ask for. */
  onCaughtUp: () => void;
};

export function createSeqTracker(options: SeqTrackerOptions) {
  let lastSeq = options.lastSeq;
  /** Buffered live events, with how many sync rounds had started when each arrived. */
  const waiting = new Map<number, { envelope: EventEnvelope; round: number }>();
  let rounds = 0;
  let running: Promise<void> | undefined;
  let wanted = false;
  let stopped = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  function apply(envelope: EventEnvelope) {
    lastSeq = envelope.seq;
    try {
      const parsed = relayEnvelope.safeParse(envelope);
      if (parsed.success) options.onEvent(parsed.data);
      else options.onInvalidEvent(envelope, parsed.error);
    } catch (error) {
      // The app's handler failing must not stop the stream; report it where uncaught errors go.
      setTimeout(() => {
        throw error;
      });
    }
  }

  function requestSync() {
    wanted = true;
    if (stopped || running) return;
    clearTimeout(retryTimer);
    running = syncRounds().finally(() => {
      running = undefined;
      // Asked for again between the last round and here.
      if (wanted && !stopped && options.socket().connected) requestSync();
    });
  }

  async function syncRounds() {
    while (wanted && !stopped) {
      wanted = false;
      const socket = options.socket();
      if (!socket.connected) return; // the next connect asks again
      const before = lastSeq;
      const round = ++rounds;
      try {
        await syncPages(socket);
      } catch {
        // A refused or timed-out sync on a live socket is retried; a lost socket syncs on connect.
        if (!stopped && socket === options.socket() && socket.connected) {
          retryTimer = setTimeout(requestSync, options.retryDelayMs);
        }
        return;
      }
      releaseWaiting(round);
      if (lastSeq !== before) options.onAdvance();
    }
    if (!stopped) options.onCaughtUp();
  }

  async function syncPages(socket: RealtimeSocket) {
    for (;;) {
      const reply = await socket.timeout(options.requestTimeoutMs).emitWithAck('sync', { after: lastSeq });
      if ('error' in reply) throw new Error(`sync refused: ${reply.error.code}`);
      if (stopped) return;
      if (reply.reset) {
        lastSeq = reply.latestSeq;
        options.onReset(reply.latestSeq);
        return;
      }
      for (const envelope of reply.events) if (envelope.seq > lastSeq) apply(envelope);
      if (reply.events.length >= CATCH_UP_PAGE_MAX) continue;
      // A short page holds every event this operator may see up to latestSeq:
      // seqs up to there that did not come are someone else's, not a gap.
      lastSeq = Math.max(lastSeq, reply.latestSeq);
      return;
    }
  }

  /**
   * Applies buffered live events that now follow on; a remaining gap asks for
   * another sync. An event that arrived before this round began and is still
   * beyond it cannot be genuine (the round read a latestSeq at least its
   * seq): it is dropped rather than chased for ever.
   */
  function releaseWaiting(round: number) {
    for (const seq of [...waiting.keys()].sort((a, b) => a - b)) {
      const entry = waiting.get(seq) as { envelope: EventEnvelope; round: number };
      if (seq > lastSeq + 1 && entry.round >= round) {
        wanted = true;
        return;
      }
      waiting.delete(seq);
      if (seq === lastSeq + 1) apply(entry.envelope);
    }
  }

  return {
    lastSeq: () => lastSeq,
    /** A (re)connect: catch up before anything else. */
    connected: () => requestSync(),
    disconnected: () => clearTimeout(retryTimer),
    live(envelope: EventEnvelope) {
      if (stopped || envelope.seq <= lastSeq) return; // a duplicate, or already caught up
      if (!running && envelope.seq === lastSeq + 1) {
        apply(envelope);
        options.onAdvance();
        return;
      }
      waiting.set(envelope.seq, { envelope, round: rounds });
      // During a sync the buffer is released when it ends; otherwise this is a gap.
      if (!running) requestSync();
    },
    tick(latestSeq: number) {
      if (latestSeq > lastSeq) requestSync();
    },
    stop() {
      stopped = true;
      clearTimeout(retryTimer);
      waiting.clear();
    },
  };
}
