// Every scenario of issue 7, in the order a run takes them. The ones without
// run() are listed in the report as not yet measured.
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
  inboxQueryScenario,
  slaPushScenario,
];
