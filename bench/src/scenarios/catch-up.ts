// Scenario 5: an operator's device is away while its tenant's event log grows
// by N events (real webhooks through the API), then reconnects with the last
// seq it had and syncs page by page. Timed from the reconnect to the last
// page; the seqs received are checked against the log itself.
import type { CatchUpResult } from '../load/protocol.ts';
import { progress } from '../progress.ts';
import { type Integrity, type Measurement, NO_LOSS, type Scenario } from '../scenario.ts';
import { seedTenants } from '../stack/seed-tenants.ts';
import { webhookTargets } from './tenant-fleet.ts';

const GOAL_MS = 500;
/**
 * Every bench message writes one event, message.created (carrying its conversation's new state),
 * except a chat's first, which adds conversation.created: a few dozen extra on a backlog of thousands.
 */
const EVENTS_PER_MESSAGE = 1;
const CATCH_UP_CHATS = 20;

function check(result: CatchUpResult, expected: number[]): Integrity {
  const want = new Set(expected);
  const got = new Set(result.seqs);
  let lost = 0;
  for (const seq of want) if (!got.has(seq)) lost++;
  let unexpected = 0;
  for (const seq of got) if (!want.has(seq)) unexpected++;
  return { lost, duplicated: result.seqs.length - got.size, unexpected, failedRequests: 0 };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

export const catchUpScenario: Scenario = {
  id: 'catch-up',
  numbers: [5],
  title: 'Catch-up after being away',
  measures: 'a device offline while N events happen in its tenant reconnects and syncs: time until fully caught up',
  async run({ stack, load, sizes }) {
    const [tenant] = await seedTenants(stack.sql, stack.config, {
      name: 'cu',
      tenants: 1,
      operatorsPerTenant: 3,
      chatsPerTenant: CATCH_UP_CHATS,
    });
    if (!tenant) throw new Error('no tenant seeded');
    // An operator (not a supervisor): the sync reads through the queue-membership filter.
    const operator = tenant.operators.find((o) => o.role === 'operator' && o.queueIds.length > 0);
    if (!operator) throw new Error('the catch-up tenant has no queue member');
    const [{ eventSeq: base } = { eventSeq: 0 }] = await stack.sql<{ eventSeq: number }[]>`
      select event_seq from tenants where id = ${tenant.tenantId}`;

    // Each chat's first message adds conversation.created: keep the backlog within CATCH_UP_BOUND,
    // past which a client is told to reset instead of catching up.
    const messages = Math.floor(sizes.catchUpEvents / EVENTS_PER_MESSAGE) - 2 * CATCH_UP_CHATS;
    progress(
      `catch-up: writing about ${messages * EVENTS_PER_MESSAGE + CATCH_UP_CHATS} events while the device is away`,
    );
    const backlog = await load.load({
      phase: 'backlog',
      targets: webhookTargets(stack.apiUrl, [tenant]),
      ratePerSecond: sizes.catchUpRatePerSecond,
      durationMs: (messages * 1000) / sizes.catchUpRatePerSecond,
      drainMs: sizes.drainMs,
      maxInFlight: sizes.maxInFlight,
      firstMessageId: 1,
    });
    stack.assertAlive();
    // The log itself says what the device missed: every event after its last seq.
    const expected = (
      await stack.sql<{ seq: number }[]>`
        select seq from events where tenant_id = ${tenant.tenantId} and seq > ${base} order by seq`
    ).map((row) => row.seq);

    let integrity: Integrity = { ...NO_LOSS, failedRequests: backlog.failedRequests };
    const repeats: (CatchUpResult & { gateway: string; integrity: Integrity })[] = [];
    for (let i = 0; i < sizes.catchUpRepeats; i++) {
      const gateway = stack.gatewayUrls[i % stack.gatewayUrls.length] as string;
      const result = await load.catchUp(gateway, operator.token, `catch-up-device-${i}`, base);
      // A reset is not a catch-up: the client would refetch its screens instead, so nothing arrived.
      const found = result.reset ? { ...NO_LOSS, lost: expected.length } : check(result, expected);
      integrity = {
        lost: integrity.lost + found.lost,
        duplicated: integrity.duplicated + found.duplicated,
        unexpected: integrity.unexpected + found.unexpected,
        failedRequests: integrity.failedRequests,
      };
      progress(
        `catch-up: #${i + 1} ${result.seqs.length} events in ${result.pages} pages, ${result.caughtUpMs.toFixed(1)} ms` +
          `${result.reset ? ' (reset!)' : ''}`,
      );
      repeats.push({ ...result, seqs: [], gateway, integrity: found });
    }
    const times = repeats.map((r) => r.caughtUpMs);
    const worst = Math.max(...times);
    const measurements: Measurement[] = [
      {
        number: 5,
        metric: `fully caught up: median / worst of ${times.length} reconnects`,
        result: `${median(times).toFixed(1)} / ${worst.toFixed(1)} ms`,
        goal: `≤ ${GOAL_MS} ms`,
        met: worst <= GOAL_MS,
      },
      {
        number: 5,
        metric: 'backlog',
        result: `${expected.length} events (${backlog.messages} webhooks), ${repeats[0]?.pages ?? 0} sync pages`,
      },
      {
        number: 5,
        metric: 'lost / duplicated / unexpected / failed',
        result: `${integrity.lost} / ${integrity.duplicated} / ${integrity.unexpected} / ${integrity.failedRequests}`,
        goal: '0',
        met: integrity.lost + integrity.duplicated + integrity.unexpected + integrity.failedRequests === 0,
      },
    ];
    return {
      measurements,
      integrity,
      charts: [],
      details: {
        backlogEvents: expected.length,
        backlogWebhooks: backlog.messages,
        backlogWebhookResponse: backlog.webhookResponse,
        repeats: repeats.map(({ seqs: _seqs, ...rest }) => rest),
      },
      notes: [
        'Timed from opening the socket (token in hand) to the last sync page; the handshake is part of it.',
        `The goal is judged on the worst of the reconnects (the first one meets cold caches).`,
      ],
    };
  },
};
