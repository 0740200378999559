// The messages between the harness and the load generator process. Plain
// JSON over the fork's IPC channel; every command gets one reply with its id.

export type SocketSpec = {
  key: number;
  url: string;
  token: string;
  deviceId: string;
  tenantId: string;
  operatorId: string;
  seesAll: boolean;
  queueIds: string[];
};

/** One tenant's webhook as a sender sees it, and the audience of the messages it creates. */
export type WebhookTarget = {
  url: string;
  secret: string;
  tenantId: string;
  /** The conversation's queue (all bench conversations are unassigned, in this queue). */
  queueId: string;
  chatIds: number[];
};

export type LoadPhase = {
  /** Unique per run; it is part of every message's text, so receipts are matched by phase. */
  phase: string;
  targets: WebhookTarget[];
  ratePerSecond: number;
  durationMs: number;
  drainMs: number;
  maxInFlight: number;
  /** Telegram message ids start here (they must be unique per chat across phases). */
  firstMessageId: number;
};

export type Command =
  | { id: number; type: 'connect'; sockets: SocketSpec[]; concurrency: number }
  | { id: number; type: 'load'; load: LoadPhase }
  | { id: number; type: 'catch-up'; url: string; token: string; deviceId: string; after: number }
  | { id: number; type: 'fleet-status' }
  | { id: number; type: 'disconnect' };

export const SERVER_TIMING_STAGES = ['read', 'queue', 'db', 'publish', 'other', 'batch'] as const;
export type ServerTimingStage = (typeof SERVER_TIMING_STAGES)[number];

export type LatencySummary = {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  mean: number;
};

export type ConnectResult = {
  connected: number;
  failed: number;
  errors: Record<string, number>;
  elapsedMs: number;
  connectMs: LatencySummary;
};

export type TimelineSecond = { second: number; sent: number; answered: number; completed: number };

export type LoadResult = {
  phase: string;
  messages: number;
  answered: number;
  failedRequests: number;
  /** The messages not answered 200 (every other one must be in the database). */
  notAcked: number[];
  /**
   * Of failedRequests, those given up on after the sender's timeout or shed with 503 by the API's request
   * deadline: the server fell behind, it did not refuse.
   */
  timedOut: number;
  httpStatuses: Record<string, number>;
  expectedDeliveries: number;
  delivered: number;
  lost: number;
  duplicated: number;
  unexpected: number;
  /** Messages whose every expected socket had them before the deadline. */
  completeMessages: number;
  /** Scheduled send → the last expected socket has it (the headline). */
  perMessage: LatencySummary;
  /** Scheduled send → one socket has it. */
  perDelivery: LatencySummary;
  /** Scheduled send → the webhook answered. */
  webhookResponse: LatencySummary;
  /**
   * Where the answered webhooks' time went, from the API's Server-Timing header (absent for a server that
   * sends none, as the floor): read, queue, db, publish, and other (the rest of the answer's latency: the
   * generator's lag, HTTP both ways, the event loop), in ms; batch is the batch's size in deliveries.
   */
  serverTiming?: Record<ServerTimingStage, LatencySummary>;
  /** Counts per bucket of LATENCY_BUCKETS_MS (perMessage), for the histogram chart. */
  perMessageBuckets: number[];
  /** hdr-histogram-js compressed (microseconds), for re-analysis. */
  perMessageHistogram: string;
  perDeliveryHistogram: string;
  timeline: TimelineSecond[];
  /** How late the open-loop scheduler fired at worst (the generator's own lag). */
  schedulerLagMaxMs: number;
  /** The generator's event-loop delay during the phase (its own noise in every receipt time). */
  eventLoopDelayP99Ms: number;
  disconnects: number;
};

export type FleetStatus = { open: number; disconnects: number };

export type CatchUpResult = {
  connectMs: number;
  caughtUpMs: number;
  pages: number;
  reset: boolean;
  seqs: number[];
  latestSeq: number;
};

export type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };
