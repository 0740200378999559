// Every scenario of issue 7, in the order a run takes them. The ones without
// run() are listed in the report as not yet measured.
import type { Scenario } from '../scenario.ts';
import { catchUpScenario } from './catch-up.ts';
import { inboxQueryScenario } from './inbox-query.ts';
import { latencyScenario } from './latency.ts';
import { slaPushScenario } from './sla-push.ts';

export const scenarios: Scenario[] = [
  latencyScenario,
  {
    id: 'ingest',
    numbers: [3],
    title: 'Sustained ingest',
    measures: 'the webhook rate stepped up until p99 > 100 ms or a message is lost',
  },
  {
    id: 'capacity',
    numbers: [4],
    title: 'Capacity',
    measures: '10,000 idle sockets on one node: connect rate, RSS and heap per socket',
  },
  catchUpScenario,
  inboxQueryScenario,
  slaPushScenario,
];
