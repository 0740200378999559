// The open-loop load: message n is due at start + n / rate, whatever happened
// to the ones before it (a slow server does not slow the generator down, so
// queueing shows up as latency instead of hiding: no coordinated omission).
// Latency is counted from the due time, not from when the request got out.
import { Agent, request } from 'node:http';
import type { DeliveryTally } from './delivery-tally.ts';
import type { LoadPhase, WebhookTarget } from './protocol.ts';
import { markerText, telegramTextUpdate } from './telegram-update.ts';

const REQUEST_TIMEOUT_MS = 30_000;
/** The status recorded for a request given up after REQUEST_TIMEOUT_MS without an answer. */
export const TIMED_OUT = -2;

export type SendOutcome = { schedulerLagMaxMs: number; allAnswered: Promise<void> };

export function targetOf(load: LoadPhase, n: number): WebhookTarget {
  return load.targets[n % load.targets.length] as WebhookTarget;
}

export function sendOpenLoop(load: LoadPhase, tally: DeliveryTally, startAt: number): Promise<SendOutcome> {
  // timeout: an idle pooled socket is closed here after 4 s, before the server's keep-alive timeout
  // (Node's default 5 s) closes it: otherwise a burst picks a socket the server is closing and the
  // request fails with ECONNRESET, which is the generator's race, not the server's answer.
  const agent = new Agent({ keepAlive: true, maxSockets: load.maxInFlight, timeout: 4_000 });
  const total = tally.messages;
  const interval = 1000 / load.ratePerSecond;
  let next = 0;
  let lagMax = 0;
  let outstanding = 0;
  let whenAllAnswered: () => void = () => {};
  const allAnswered = new Promise<void>((resolve) => {
    whenAllAnswered = resolve;
  });
  const done = () => {
    outstanding--;
    if (outstanding === 0 && next === total) {
      agent.destroy();
      whenAllAnswered();
    }
  };

  const send = (n: number, dueAt: number) => {
    const target = targetOf(load, n);
    const round = Math.floor(n / load.targets.length);
    const chatId = target.chatIds[round % target.chatIds.length] as number;
    const body = JSON.stringify(telegramTextUpdate(chatId, load.firstMessageId + n, markerText(load.phase, n)));
    tally.sent(n, dueAt);
    outstanding++;
    const req = request(target.url, {
      method: 'POST',
      agent,
      timeout: REQUEST_TIMEOUT_MS,
      headers: {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        'x-telegram-bot-api-secret-token': target.secret,
      },
    });
    let finished = false;
    const finish = (status: number, cause?: string, serverTiming?: string) => {
      if (finished) return;
      finished = true;
      tally.answered(n, status, performance.now(), cause, serverTiming);
      done();
    };
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => {
        const timing = res.headers['server-timing'];
        finish(res.statusCode ?? -1, undefined, typeof timing === 'string' ? timing : undefined);
      });
      res.on('error', (error: NodeJS.ErrnoException) => finish(-1, error.code ?? error.message));
    });
    let timedOut = false;
    req.on('timeout', () => {
      timedOut = true;
      req.destroy(new Error('timeout'));
    });
    req.on('error', (error: NodeJS.ErrnoException) => finish(timedOut ? TIMED_OUT : -1, error.code ?? error.message));
    req.end(body);
  };

  return new Promise((resolve) => {
    const pump = () => {
      const now = performance.now();
      while (next < total) {
        const dueAt = startAt + next * interval;
        if (dueAt > now) break;
        lagMax = Math.max(lagMax, now - dueAt);
        send(next, dueAt);
        next++;
      }
      if (next < total) {
        setTimeout(pump, Math.max(0, startAt + next * interval - performance.now()));
        return;
      }
      if (outstanding === 0) whenAllAnswered();
      resolve({ schedulerLagMaxMs: Math.round(lagMax * 10) / 10, allAnswered });
    };
    setTimeout(pump, Math.max(0, startAt - performance.now()));
  });
}
