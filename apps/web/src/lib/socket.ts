// The page's one realtime connection (one per session: same tenant and
// operator). Owns creating and closing the @relay/realtime client, persisting
// the applied seq per tenant+operator so a reload resumes where it stopped,
// and fanning status and events out to subscribers. What an event does to the
// cache is features/realtime/apply-event.ts.
import type { RelayEnvelope } from '@relay/contracts';
import {
  createRealtimeClient,
  type RealtimeClient,
  type RealtimeSocket,
  type RealtimeStatus,
} from '@relay/realtime/client';
import { gatewayOrigin } from './env.ts';

export type { RealtimeSocket, RealtimeStatus };

export type RealtimeSession = { tenantId: string; operatorId: string; deviceId: string };

export type RealtimeHandlers = {
  onEvent: (envelope: RelayEnvelope) => void;
  onReset: () => void;
};

type Connection = { key: string; client: RealtimeClient };

let connection: Connection | null = null;
let status: RealtimeStatus = 'connecting';
const statusListeners = new Set<() => void>();
const handlers = new Set<RealtimeHandlers>();

const seqKey = (session: RealtimeSession) => `relay.lastSeq.${session.tenantId}.${session.operatorId}`;

/**
 * Starts the connection for this session, or keeps the running one when it is
 * the same session (a token refresh is not a new session: the client asks
 * getToken before each connection attempt).
 */
export function startRealtime(
  session: RealtimeSession,
  options: { getToken: () => Promise<string>; onAuthFailure: (reason: string) => void },
): void {
  const key = seqKey(session);
  if (connection?.key === key) return;
  stopRealtime();
  const stored = Number(window.localStorage.getItem(key) ?? 0);
  const client = createRealtimeClient({
    url: gatewayOrigin(),
    deviceId: session.deviceId,
    getToken: options.getToken,
    lastSeq: Number.isSafeInteger(stored) && stored > 0 ? stored : 0,
    ackDebounceMs: 300,
    onEvent: (envelope) => {
      for (const handler of handlers) handler.onEvent(envelope);
      window.localStorage.setItem(key, String(envelope.seq));
    },
    onReset: (latestSeq) => {
      window.localStorage.setItem(key, String(latestSeq));
      for (const handler of handlers) handler.onReset();
    },
    onStatus: (next) => {
      setStatus(next);
      // A short sync page moves lastSeq past other operators' events: keep that too.
      if (next === 'connected' && connection) window.localStorage.setItem(key, String(connection.client.lastSeq()));
    },
    onAuthFailure: options.onAuthFailure,
  });
  connection = { key, client };
}

export function stopRealtime(): void {
  connection?.client.close();
  connection = null;
  setStatus('connecting');
}

/** Receive every applied event (in seq order) and resets; returns the unsubscribe. */
export function subscribeRealtime(handler: RealtimeHandlers): () => void {
  handlers.add(handler);
  return () => handlers.delete(handler);
}

/**
 * The socket in use now, for the ephemeral side of the protocol (typing,
 * viewing, presence) and emits such as conversation:watch. It changes after
 * a fail-over or reconnect: re-read it (and re-attach listeners) on every
 * status change.
 */
export function realtimeSocket(): RealtimeSocket | null {
  return connection?.client.socket ?? null;
}

export function realtimeStatus(): RealtimeStatus {
  return status;
}

export function subscribeRealtimeStatus(listener: () => void): () => void {
  statusListeners.add(listener);
  return () => statusListeners.delete(listener);
}

function setStatus(next: RealtimeStatus) {
  if (status === next) return;
  status = next;
  for (const listener of statusListeners) listener();
}
