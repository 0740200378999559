// Scenario 7: the worker's timers. SLA breaches (and their warnings) against
// the moments they were due, then push fallback to phones nobody is looking
// at against PUSH_GRACE_MS. One after the other, each on its own tenant, so
// neither's load is in the other's numbers. A breach or a push that never
// came counts as lost and fails the run.
import { progress } from '../progress.ts';
import type { Measurement, Scenario } from '../scenario.ts';
import { measurePushFallback } from '../timeliness/push-fallback.ts';
import { measureSlaBreaches } from '../timeliness/sla-breaches.ts';

const GOAL_SLA_P99_MS = 1000;
/** The push goal is grace + this. */
const GOAL_PUSH_OVER_GRACE_MS = 500;

const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));
const triple = (s: { p50: number; p99: number; max: number }) => `${ms(s.p50)} / ${ms(s.p99)} / ${ms(s.max)} ms`;

export const slaPushScenario: Scenario = {
  id: 'sla-push',
  numbers: [7],
  title: 'SLA and push timeliness',
  measures:
    'how late SLA breaches fire after their due moment, and how long after an inbound message a phone with no open screen gets its push',
  async run(ctx) {
    const sla = await measureSlaBreaches(ctx);
    progress(`sla-push: breaches ${sla.seen} / ${sla.expected}, lateness p50/p99/max ${triple(sla.breach)}`);
    const push = await measurePushFallback(ctx);
    progress(`sla-push: pushes ${push.received} / ${push.expected}, p50/p99/max ${triple(push.latency)}`);
    const graceMs = ctx.stack.config.push.graceMs;
    const pushGoal = graceMs + GOAL_PUSH_OVER_GRACE_MS;
    const slaLost = Math.max(0, sla.expected - sla.seen);
    const pushLost = Math.max(0, push.expected - push.received);
    const measurements: Measurement[] = [
      {
        number: 7,
        metric: 'SLA breach lateness after due p50 / p99 / max',
        result: triple(sla.breach),
        goal: `p99 ≤ ${GOAL_SLA_P99_MS} ms`,
        met: sla.breach.count > 0 && sla.breach.p99 <= GOAL_SLA_P99_MS,
      },
      { number: 7, metric: 'SLA warning lateness p50 / p99 / max', result: triple(sla.warning) },
      {
        number: 7,
        metric: 'SLA breaches seen / expected',
        result: `${sla.seen} / ${sla.expected}`,
        goal: 'all',
        met: slaLost === 0,
      },
      {
        number: 7,
        metric: `push: webhook answered → FCM stand-in p50 / p99 / max (PUSH_GRACE_MS ${graceMs})`,
        result: triple(push.latency),
        goal: `max ≤ ${pushGoal} ms`,
        met: push.latency.count > 0 && push.latency.max <= pushGoal,
      },
      {
        number: 7,
        metric: 'pushes received / expected, duplicated, unexpected',
        result: `${push.received} / ${push.expected}, ${push.duplicated}, ${push.unexpected}`,
        goal: 'all, 0, 0',
        met: pushLost === 0 && push.duplicated === 0 && push.unexpected === 0,
      },
    ];
    return {
      measurements,
      integrity: {
        lost: slaLost + pushLost,
        duplicated: push.duplicated,
        unexpected: push.unexpected,
        failedRequests: sla.failedRequests + push.failedRequests,
      },
      charts: [],
      details: { sla, push, pushGraceMs: graceMs },
      notes: [
        `SLA: ${ctx.sizes.slaConversations} conversations created by webhooks over ${ctx.sizes.slaSpreadMs / 1000} s ` +
          `under a default policy of ${ctx.sizes.slaTargetSeconds} s to a first response (warning at 80%), never ` +
          'answered. Lateness is sla_events.at (clock_timestamp() when the worker fired) minus the due moment stored on ' +
          'the conversation, on the database clock. The worker sleeps until the next moment, at most 1 s. Those ' +
          `webhooks were answered in p50 / p99 ${ms(sla.webhookResponse.p50)} / ${ms(sla.webhookResponse.p99)} ms ` +
          "(a due moment counts from the ingest transaction's start; a busy machine shows here first).",
        `Push: ${push.webhooks} webhooks, one new conversation each, over ${ctx.sizes.pushSpreadMs / 1000} s to a manual ` +
          `queue whose ${ctx.sizes.pushDevices} online members each have a phone and no socket (nothing acks). The run ` +
          `sets PUSH_GRACE_MS=${graceMs} (default 3000). Timed from the webhook's 200 (committed) to the local FCM ` +
          "stand-in's receipt through the worker's firebase-admin; the goal is judged on the maximum.",
      ],
    };
  },
};
