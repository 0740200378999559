// Every scenario of issue 7, in the order a run takes them. The ones without
// run() would be listed in the report as not yet measured.
import type { Scenario } from '../scenario.ts';
import { capacityScenario } from './capacity.ts';
import { catchUpScenario } from './catch-up.ts';
import { inboxQueryScenario } from './inbox-query.ts';
import { ingestScenario } from './ingest.ts';
import { latencyScenario } from './latency.ts';
import { slaPushScenario } from './sla-push.ts';

export const scenarios: Scenario[] = [
  latencyScenario,
  ingestScenario,
  capacityScenario,
  catchUpScenario,
  // Timeliness before the inbox: the inbox's million bulk-loaded messages leave autovacuum busy for
  // minutes, which would be measured as late SLA events.
  slaPushScenario,
  inboxQueryScenario,
];
