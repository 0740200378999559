// The client side of SPEC section 3: one realtime connection that never loses
// an event. Owns connecting (to one of several gateway nodes, with backoff and
// a token fetched fresh for every attempt), keeping the token fresh while
// connected (`auth:expired` → `auth:refresh`), and acking what was applied.
// The seq bookkeeping (catch-up, gaps, duplicates) is in seq-tracker.ts.
// Imports only socket.io-client and @relay/contracts: it ships to the browser.
import type { AuthExpiredPayload, EventEnvelope, EventParseError, RelayEnvelope } from '@relay/contracts';
import { io } from 'socket.io-client';
import type { RealtimeSocket } from './realtime-socket.ts';
import { createSeqTracker } from './seq-tracker.ts';

export type { RealtimeSocket };

export type RealtimeStatus = 'connecting' | 'connected' | 'reconnecting' | 'catching_up' | 'offline';

export type RealtimeClientOptions = {
  /** The gateway's origin. */
  url?: string;
  /** Several gateway origins: after a lost connection or a failed attempt the client tries the next. */
  urls?: string[];
  /** Socket.IO path (default "/socket.io/"). */
  path?: string;
  /** Called before every connection attempt and on `auth:expired`: return a valid access token. */
  getToken: () => string | Promise<string>;
  deviceId: string;
  /** The highest seq this device already applied (persisted by the app); 0 for everything the bound allows. */
  lastSeq?: number;
  transports?: ('polling' | 'websocket' | 'webtransport')[];
  /** Every event once, in seq order, whether it arrived live or by catch-up; parsed, narrowed by `type`. */
  onEvent: (envelope: RelayEnvelope) => void;
  /**
   * An event that does not parse with its schema (a type this build does not know, a payload off
   * the contract): it is skipped, in order, after this is called (default: console.warn).
   */
  onInvalidEvent?: (envelope: EventEnvelope, error: EventParseError) => void;
  /** The client was too far behind (or ahead): refetch the screens; events continue after latestSeq. */
  onReset: (latestSeq: number) => void;
  onStatus?: (status: RealtimeStatus) => void;
  /** The session ended or the handshake was refused for good: the user must log in again. */
  onAuthFailure?: (reason: string) => void;
  /** `ack {seq}` goes out at most this often, for everything applied so far (default 1000). */
  ackDebounceMs?: number;
  /** First reconnection delay; it doubles per failed attempt up to the max, with jitter (defaults 1000, 15000). */
  reconnectDelayMs?: number;
  reconnectDelayMaxMs?: number;
  /** How long a sync or refresh waits for its reply (default 10000). */
  requestTimeoutMs?: number;
};

export type RealtimeClient = {
  /** The highest seq applied (or skipped over by a reset, or known not to be this operator's). */
  lastSeq(): number;
  status(): RealtimeStatus;
  /** The socket in use now (it changes when the client moves to another url). */
  readonly socket: RealtimeSocket;
  close(): void;
};

/** Handshake refusals that no retry will fix. */
const FINAL_REFUSALS = new Set(['unauthorized', 'tenant_suspended']);

export function createRealtimeClient(options: RealtimeClientOptions): RealtimeClient {
  const urls = options.urls ?? (options.url ? [options.url] : []);
  if (urls.length === 0) throw new Error('createRealtimeClient: give url or urls');
  const baseDelay = options.reconnectDelayMs ?? 1000;
  const maxDelay = options.reconnectDelayMaxMs ?? 15_000;
  const timeoutMs = options.requestTimeoutMs ?? 10_000;
  const ackDebounceMs = options.ackDebounceMs ?? 1000;

  const sockets = new Map<string, RealtimeSocket>();
  let index = 0;
  let current = socketFor(urls[0] as string);
  let status: RealtimeStatus = 'connecting';
  let everConnected = false;
  let attempts = 0;
  let closed = false;
  let drainingNode = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let ackTimer: ReturnType<typeof setTimeout> | undefined;
  let ackedSeq = -1;

  const tracker = createSeqTracker({
    lastSeq: options.lastSeq ?? 0,
    requestTimeoutMs: timeoutMs,
    retryDelayMs: baseDelay,
    socket: () => current,
    onEvent: options.onEvent,
    onInvalidEvent: options.onInvalidEvent ?? warnInvalidEvent,
    onReset: options.onReset,
    onAdvance: scheduleAck,
    onCaughtUp: () => {
      if (status === 'catching_up') setStatus('connected');
      scheduleAck();
    },
  });

  options.onStatus?.(status);
  current.connect();

  function setStatus(next: RealtimeStatus) {
    if (status === next) return;
    status = next;
    options.onStatus?.(next);
  }

  function socketFor(url: string): RealtimeSocket {
    const existing = sockets.get(url);
    if (existing) return existing;
    const socket: RealtimeSocket = io(url, {
      path: options.path ?? '/socket.io/',
      // Reconnection is ours: it may move to another url, and must fetch a token first.
      reconnection: false,
      autoConnect: false,
      forceNew: true,
      ...(options.transports ? { transports: options.transports } : {}),
      auth: (send) => authenticate(socket, send),
    });
    wire(socket);
    sockets.set(url, socket);
    return socket;
  }

  function authenticate(socket: RealtimeSocket, send: (data: object) => void) {
    Promise.resolve()
      .then(() => options.getToken())
      .then(
        (token) => {
          if (socket === current && !closed) send({ token, deviceId: options.deviceId });
        },
        () => {
          // No token now (the refresh endpoint may be down): try again later, not as a refusal.
          if (socket !== current || closed) return;
          socket.disconnect();
          reconnectLater(false);
        },
      );
  }

  function wire(socket: RealtimeSocket) {
    socket.on('connect', () => {
      // A late connection of a socket the client already moved on from.
      if (socket !== current || closed) {
        socket.disconnect();
        return;
      }
      attempts = 0;
      everConnected = true;
      drainingNode = false;
      setStatus('catching_up');
      tracker.connected();
    });
    socket.on('connect_error', (error) => {
      if (socket !== current || closed) return;
      const code = (error as { data?: { code?: unknown } }).data?.code;
      if (typeof code === 'string' && FINAL_REFUSALS.has(code)) return end(code);
      reconnectLater(false);
    });
    socket.on('disconnect', (reason) => {
      if (socket !== current || closed) return;
      tracker.disconnected();
      // Our own disconnect (close, end, a failed getToken) schedules what follows itself.
      if (reason === 'io client disconnect') return;
      reconnectLater(drainingNode);
    });
    socket.on('event', (envelope) => {
      if (socket === current) tracker.live(envelope);
    });
    socket.on('tick', ({ latestSeq }) => {
      if (socket === current) tracker.tick(latestSeq);
    });
    socket.on('server:draining', () => {
      if (socket === current) drainingNode = true;
    });
    socket.on('auth:expired', (payload) => {
      if (socket === current) void onAuthExpired(socket, payload);
    });
  }

  async function onAuthExpired(socket: RealtimeSocket, { reason }: AuthExpiredPayload) {
    if (reason !== 'token_expired') return end(reason);
    try {
      const token = await options.getToken();
      await socket.timeout(timeoutMs).emitWithAck('auth:refresh', { token });
    } catch {
      // The server closes the socket after its grace; reconnecting fetches a token again.
    }
  }

  /** After a lost connection or a failed attempt: the next url, after a backoff with jitter. */
  function reconnectLater(planned: boolean) {
    if (closed) return;
    clearTimeout(retryTimer);
    setStatus(everConnected ? 'reconnecting' : 'connecting');
    // A draining node asked us to move: go at once, spread over one base delay so its clients do not stampede.
    const delay = planned ? Math.random() * baseDelay : Math.min(maxDelay, baseDelay * 2 ** attempts) * jitter();
    attempts += 1;
    retryTimer = setTimeout(() => {
      if (closed) return;
      const previous = current;
      index = (index + 1) % urls.length;
      current = socketFor(urls[index] as string);
      // A refused handshake leaves its engine connection open; let it go when moving on.
      if (previous !== current) previous.disconnect();
      current.connect();
    }, delay);
  }

  function scheduleAck() {
    if (ackTimer || closed) return;
    ackTimer = setTimeout(() => {
      ackTimer = undefined;
      sendAck();
    }, ackDebounceMs);
  }

  function sendAck() {
    const seq = tracker.lastSeq();
    if (seq <= ackedSeq) return;
    // Sent only while connected; the catch-up after the next connect schedules another.
    if (!current.connected) return;
    ackedSeq = seq;
    current.emit('ack', { seq });
  }

  function end(reason: string) {
    if (closed) return;
    shutDown();
    options.onAuthFailure?.(reason);
  }

  function shutDown() {
    closed = true;
    clearTimeout(retryTimer);
    clearTimeout(ackTimer);
    tracker.stop();
    sendAck();
    for (const socket of sockets.values()) socket.disconnect();
    setStatus('offline');
  }

  return {
    lastSeq: () => tracker.lastSeq(),
    status: () => status,
    get socket() {
      return current;
    },
    close: () => {
      if (!closed) shutDown();
    },
  };
}

function jitter(): number {
  return 0.5 + Math.random();
}

/** The browser has no logger: a skipped event goes where a developer looks first. */
function warnInvalidEvent(envelope: EventEnvelope, error: EventParseError) {
  // biome-ignore lint/suspicious/noConsole: the default report of a skipped event when the app gives no onInvalidEvent
  console.warn(
    `realtime: skipped event ${envelope.seq} (${envelope.type}): it does not match its schema`,
    error.issues,
  );
}
