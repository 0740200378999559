// Scenario 7, SLA: a tenant whose default policy wants a first response within
// a few seconds gets N new conversations through real webhooks over a few
// seconds, and nobody answers. Every one must breach; how late each breach
// (and its warning) was recorded is read from sla_events against the moment
// stored on the conversation, both on the database's clock.
import { createSlaPolicy, withTenant } from '@relay/db';
import { encodeHistogram, newHistogram, recordMs, summarize } from '../load/latency.ts';
import type { LatencySummary } from '../load/protocol.ts';
import { progress } from '../progress.ts';
import type { ScenarioContext } from '../scenario.ts';
import { webhookTargets } from '../scenarios/tenant-fleet.ts';
import { seedTenants } from '../stack/seed-tenants.ts';

const WARN_AT_PERCENT = 80;
/** After the last webhook's due moment, how long a breach may still come before it counts as lost. */
const GRACE_AFTER_DUE_MS = 10_000;

export type SlaOutcome = {
  expected: number;
  seen: number;
  failedRequests: number;
  breach: LatencySummary;
  warning: LatencySummary;
  breachHistogram: string;
  warningHistogram: string;
  webhookResponse: LatencySummary;
};

type Counts = { breaches: number; warnings: number };

export async function measureSlaBreaches({ stack, load, sizes }: ScenarioContext): Promise<SlaOutcome> {
  const n = sizes.slaConversations;
  const [tenant] = await seedTenants(stack.sql, stack.config, {
    name: 'sla',
    tenants: 1,
    operatorsPerTenant: 3,
    chatsPerTenant: n,
  });
  if (!tenant) throw new Error('no tenant seeded');
  await withTenant(stack.sql, tenant.tenantId, (tx) =>
    createSlaPolicy(tx, tenant.tenantId, {
      name: 'Bench',
      firstResponseSeconds: sizes.slaTargetSeconds,
      resolutionSeconds: null,
      warnAtPercent: WARN_AT_PERCENT,
      businessHours: null,
      conditions: {},
      isDefault: true,
    }),
  );
  progress(
    `sla-push: ${n} conversations over ${sizes.slaSpreadMs / 1000} s, first response due in ${sizes.slaTargetSeconds} s`,
  );
  // One message per chat: n new conversations, each starting its clock.
  const sent = await load.load({
    phase: 'sla',
    targets: webhookTargets(stack.apiUrl, [tenant]),
    ratePerSecond: (n * 1000) / sizes.slaSpreadMs,
    durationMs: sizes.slaSpreadMs,
    drainMs: 1000,
    maxInFlight: sizes.maxInFlight,
    firstMessageId: 1,
  });
  const expected = sent.answered;
  const deadline = Date.now() + sizes.slaTargetSeconds * 1000 + GRACE_AFTER_DUE_MS;
  let counts: Counts = { breaches: 0, warnings: 0 };
  while (Date.now() < deadline) {
    const [row] = await stack.sql<Counts[]>`
      select (count(*) filter (where event = 'breach'))::int as breaches,
             (count(*) filter (where event = 'warning'))::int as warnings
        from sla_events where tenant_id = ${tenant.tenantId} and kind = 'first_response'`;
    counts = row ?? counts;
    if (counts.breaches >= expected && counts.warnings >= expected) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  stack.assertAlive();

  // A warning's sla_events row carries the breach's due_at; its own moment is on the conversation.
  const rows = await stack.sql<{ event: 'warning' | 'breach'; conversationId: string; lateMs: number }[]>`
    select e.event, e.conversation_id,
           extract(epoch from e.at - case when e.event = 'warning' then c.first_response_warn_at else e.due_at end)::float8
             * 1000 as late_ms
      from sla_events e join conversations c on c.tenant_id = e.tenant_id and c.id = e.conversation_id
     where e.tenant_id = ${tenant.tenantId} and e.kind = 'first_response' and e.event in ('warning', 'breach')`;
  const breach = newHistogram();
  const warning = newHistogram();
  const breached = new Set<string>();
  for (const row of rows) {
    recordMs(row.event === 'breach' ? breach : warning, row.lateMs);
    if (row.event === 'breach') breached.add(row.conversationId);
  }
  return {
    expected,
    seen: breached.size,
    failedRequests: sent.failedRequests,
    breach: summarize(breach),
    warning: summarize(warning),
    breachHistogram: encodeHistogram(breach),
    warningHistogram: encodeHistogram(warning),
    webhookResponse: sent.webhookResponse,
  };
}
