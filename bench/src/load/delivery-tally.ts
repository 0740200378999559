// Owns one load phase's bookkeeping: when each message was due to be sent,
// its webhook answer, and every socket's receipt of its message.created,
// turned at the end into latencies, a per-second timeline and the integrity
// counts (lost, duplicated, unexpected, failed).
import { bucketOf, encodeHistogram, LATENCY_BUCKETS_MS, newHistogram, recordMs, summarize } from './latency.ts';
import { type LoadResult, SERVER_TIMING_STAGES, type ServerTimingStage, type TimelineSecond } from './protocol.ts';

/** The parts of a Server-Timing header this tally keeps: read;dur=0.31, …, batch;desc=12. */
export function parseServerTiming(header: string | undefined): Partial<Record<ServerTimingStage, number>> {
  const parts: Partial<Record<ServerTimingStage, number>> = {};
  if (!header) return parts;
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().split(';');
    if (!SERVER_TIMING_STAGES.includes(name as ServerTimingStage)) continue;
    for (const param of params) {
      const [key, value] = param.split('=');
      if (key === 'dur' || key === 'desc') parts[name as ServerTimingStage] = Number(value);
    }
  }
  return parts;
}

export class DeliveryTally {
  private readonly sendAt: Float64Array;
  private readonly status: Int16Array;
  private readonly got: Uint16Array;
  private readonly seen: (Set<number> | undefined)[];
  private readonly perMessage = newHistogram();
  private readonly perDelivery = newHistogram();
  private readonly webhook = newHistogram();
  private readonly stages = new Map<ServerTimingStage, ReturnType<typeof newHistogram>>();
  private readonly buckets = new Array<number>(LATENCY_BUCKETS_MS.length + 1).fill(0);
  private readonly timeline: TimelineSecond[] = [];
  private readonly statuses: Record<string, number> = {};
  private duplicated = 0;
  private unexpected = 0;
  private answeredCount = 0;
  private closed = false;

  constructor(
    readonly phase: string,
    readonly messages: number,
    /** The sockets that should receive message n. */
    private readonly expectedOf: (n: number) => Set<number>,
    private readonly startedAt: number,
  ) {
    this.sendAt = new Float64Array(messages);
    this.status = new Int16Array(messages);
    this.got = new Uint16Array(messages);
    this.seen = new Array(messages);
  }

  private second(at: number): TimelineSecond {
    const second = Math.max(0, Math.floor((at - this.startedAt) / 1000));
    for (let s = this.timeline.length; s <= second; s++)
      this.timeline.push({ second: s, sent: 0, answered: 0, completed: 0 });
    return this.timeline[second] as TimelineSecond;
  }

  sent(n: number, scheduledAt: number): void {
    this.sendAt[n] = scheduledAt;
    this.second(scheduledAt).sent++;
  }

  /**
   * status: the HTTP status, -1 for a request that failed without one (cause: its error code, so the
   * report says which, e.g. error ECONNRESET), -2 for one given up on (timeout).
   */
  answered(n: number, status: number, at: number, cause?: string, serverTiming?: string): void {
    this.status[n] = status;
    const label = status === -1 ? (cause ? `error ${cause}` : 'error') : status === -2 ? 'timeout' : String(status);
    this.statuses[label] = (this.statuses[label] ?? 0) + 1;
    if (status !== 200) return;
    this.answeredCount++;
    this.second(at).answered++;
    const latency = at - (this.sendAt[n] as number);
    recordMs(this.webhook, latency);
    const parts = parseServerTiming(serverTiming);
    if (parts.db === undefined) return;
    const inServer = (parts.read ?? 0) + (parts.queue ?? 0) + parts.db + (parts.publish ?? 0);
    for (const [stage, value] of [...Object.entries(parts), ['other', latency - inServer]] as [
      ServerTimingStage,
      number,
    ][]) {
      let histogram = this.stages.get(stage);
      if (!histogram) {
        histogram = newHistogram();
        this.stages.set(stage, histogram);
      }
      recordMs(histogram, Math.max(0, value));
    }
  }

  received(n: number, socketKey: number, at: number): void {
    if (this.closed || n >= this.messages) return;
    const expected = this.expectedOf(n);
    if (!expected.has(socketKey)) {
      this.unexpected++;
      return;
    }
    let seen = this.seen[n];
    if (!seen) {
      seen = new Set();
      this.seen[n] = seen;
    }
    if (seen.has(socketKey)) {
      this.duplicated++;
      return;
    }
    seen.add(socketKey);
    const latency = at - (this.sendAt[n] as number);
    recordMs(this.perDelivery, latency);
    const got = (this.got[n] as number) + 1;
    this.got[n] = got;
    if (got === expected.size) {
      recordMs(this.perMessage, latency);
      const bucket = bucketOf(latency);
      this.buckets[bucket] = (this.buckets[bucket] as number) + 1;
      this.second(at).completed++;
    }
  }

  /** True once every answered message reached every socket it should (the phase may end early). */
  settled(): boolean {
    for (let n = 0; n < this.messages; n++) {
      if (this.status[n] === 0) return false;
      if (this.status[n] === 200 && (this.got[n] as number) < this.expectedOf(n).size) return false;
    }
    return true;
  }

  /** Stops counting (later receipts are lost) and reports. */
  close(extra: Pick<LoadResult, 'schedulerLagMaxMs' | 'eventLoopDelayP99Ms' | 'disconnects'>): LoadResult {
    this.closed = true;
    let expectedDeliveries = 0;
    let delivered = 0;
    let completeMessages = 0;
    const notAcked: number[] = [];
    for (let n = 0; n < this.messages; n++) {
      if (this.status[n] !== 200) {
        notAcked.push(n);
        continue;
      }
      const expected = this.expectedOf(n).size;
      const got = this.got[n] as number;
      expectedDeliveries += expected;
      delivered += got;
      if (got === expected) completeMessages++;
    }
    return {
      phase: this.phase,
      messages: this.messages,
      answered: this.answeredCount,
      failedRequests: notAcked.length,
      // A 503 is the API's request deadline shedding a webhook it could not commit in time (issue 13):
      // the server fell behind, as with a request given up on, and the provider would retry it.
      timedOut: (this.statuses.timeout ?? 0) + (this.statuses['503'] ?? 0),
      notAcked,
      httpStatuses: this.statuses,
      expectedDeliveries,
      delivered,
      lost: expectedDeliveries - delivered,
      duplicated: this.duplicated,
      unexpected: this.unexpected,
      completeMessages,
      perMessage: summarize(this.perMessage),
      perDelivery: summarize(this.perDelivery),
      webhookResponse: summarize(this.webhook),
      ...(this.stages.size > 0
        ? {
            serverTiming: Object.fromEntries(
              SERVER_TIMING_STAGES.map((stage) => [stage, summarize(this.stages.get(stage) ?? newHistogram())]),
            ) as NonNullable<LoadResult['serverTiming']>,
          }
        : {}),
      perMessageBuckets: this.buckets,
      perMessageHistogram: encodeHistogram(this.perMessage),
      perDeliveryHistogram: encodeHistogram(this.perDelivery),
      timeline: this.timeline,
      ...extra,
    };
  }
}
