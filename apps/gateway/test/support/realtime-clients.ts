// Relay's own client library (@relay/realtime/client) against test gateways:
// each client records what it was given (events, resets, statuses, auth
// failures) and is closed when the test finishes. Delays are short so
// reconnection happens at test speed; the logic is the production one.
import type { EventEnvelope } from '@relay/contracts';
import type { Sql } from '@relay/db';
import { readVisibleEvents, withTenant } from '@relay/db';
import {
  createRealtimeClient,
  type RealtimeClient,
  type RealtimeClientOptions,
  type RealtimeStatus,
} from '@relay/realtime/client';
import { expect, onTestFinished } from 'vitest';
import { eventually } from './gateway-harness.ts';

export type RecordingClient = RealtimeClient & {
  events: EventEnvelope[];
  resets: number[];
  statuses: RealtimeStatus[];
  authFailures: string[];
  /** How many times getToken was called. */
  tokenFetches(): number;
};

export type OpenOptions = Omit<RealtimeClientOptions, 'onEvent' | 'onReset' | 'onStatus' | 'onAuthFailure'>;

export function openClient(options: OpenOptions): RecordingClient {
  const recorded = {
    events: [] as EventEnvelope[],
    resets: [] as number[],
    statuses: [] as RealtimeStatus[],
    authFailures: [] as string[],
  };
  let fetches = 0;
  const client = createRealtimeClient({
    transports: ['websocket'],
    reconnectDelayMs: 50,
    reconnectDelayMaxMs: 400,
    ackDebounceMs: 50,
    requestTimeoutMs: 5000,
    ...options,
    getToken: () => {
      fetches += 1;
      return options.getToken();
    },
    onEvent: (envelope) => recorded.events.push(envelope),
    // The demo world's events are off the contract on purpose (rooms and seqs are what is tested
    // here): the client skips them, in order; they are recorded as applied all the same.
    onInvalidEvent: (envelope) => recorded.events.push(envelope),
    onReset: (latestSeq) => recorded.resets.push(latestSeq),
    onStatus: (status) => recorded.statuses.push(status),
    onAuthFailure: (reason) => recorded.authFailures.push(reason),
  });
  onTestFinished(() => client.close());
  return Object.assign(client, recorded, { tokenFetches: () => fetches });
}

export async function untilConnected(clients: RealtimeClient[], timeoutMs = 10_000): Promise<void> {
  await eventually(() => {
    for (const client of clients) expect(client.status()).toBe('connected');
  }, timeoutMs);
}

export const seqsOf = (client: { events: EventEnvelope[] }) => client.events.map((event) => event.seq);

/**
 * What the client applied up to `last`, after checking that everything it
 * applied came once and in seq order. Other writers (presence) may append
 * events after `last` while a test runs; those are not the test's business.
 */
export function appliedUpTo(client: { events: EventEnvelope[] }, last: number): number[] {
  const seqs = seqsOf(client);
  for (let i = 1; i < seqs.length; i += 1) {
    if ((seqs[i] as number) <= (seqs[i - 1] as number)) throw new Error(`seq ${seqs[i]} applied after ${seqs[i - 1]}`);
  }
  return seqs.filter((seq) => seq <= last);
}

/** The seqs in (after, upTo] this person may see, by the SQL rule (what sync and rooms must agree with). */
export async function visibleSeqs(
  sql: Sql,
  tenantId: string,
  viewer: { operatorId: string; seesAll: boolean },
  after: number,
  upTo: number,
): Promise<number[]> {
  const rows = await withTenant(sql, tenantId, (tx) => readVisibleEvents(tx, tenantId, viewer, after, 100_000));
  return rows.map((row) => row.seq).filter((seq) => seq <= upTo);
}

/** A getToken whose answers can be held back: while held, the client cannot reconnect. */
export function gatedToken(token: string) {
  let gate: Promise<void> | undefined;
  let open = () => {};
  return {
    getToken: async () => {
      await gate;
      return token;
    },
    hold() {
      gate = new Promise((resolve) => {
        open = resolve;
      });
    },
    release() {
      gate = undefined;
      open();
    },
  };
}
