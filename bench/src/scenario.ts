// The shape every scenario fits: a scenario gets the running stack and the
// load generator, and returns measurements, integrity counts and charts.
import type { LoadClient } from './load/load-client.ts';
import type { Sizes } from './options.ts';
import type { Stack } from './stack/start-stack.ts';

export const scenarioIds = ['latency', 'ingest', 'capacity', 'catch-up', 'inbox-query', 'sla-push'] as const;
export type ScenarioId = (typeof scenarioIds)[number];

/** What "loses nothing" means; any non-zero count fails the run. */
export type Integrity = {
  /** Expected deliveries (or catch-up events) that never arrived. */
  lost: number;
  /** Deliveries a socket received more than once. */
  duplicated: number;
  /** Deliveries to a socket that should not see the event (an audience leak). */
  unexpected: number;
  /** Webhook requests not answered 200. */
  failedRequests: number;
};

export const NO_LOSS: Integrity = { lost: 0, duplicated: 0, unexpected: 0, failedRequests: 0 };

export function addIntegrity(a: Integrity, b: Integrity): Integrity {
  return {
    lost: a.lost + b.lost,
    duplicated: a.duplicated + b.duplicated,
    unexpected: a.unexpected + b.unexpected,
    failedRequests: a.failedRequests + b.failedRequests,
  };
}

/** One row of the summary table. Goals are reported, never enforced: the run fails only on loss or a crash. */
export type Measurement = {
  /** The scenario number the row belongs to. */
  number: number;
  metric: string;
  result: string;
  goal?: string;
  met?: boolean;
};

export type Chart = { name: string; title: string; svg: string };

export type ScenarioResult = {
  id: ScenarioId;
  title: string;
  /** skipped: left out by --only; not_measured: not built yet. */
  status: 'measured' | 'skipped' | 'not_measured' | 'crashed';
  measurements: Measurement[];
  integrity: Integrity;
  charts: Chart[];
  /** Raw numbers for the JSON file (histograms, timelines, repeats). */
  details: Record<string, unknown>;
  notes: string[];
  error?: string;
};

export type ScenarioContext = {
  stack: Stack;
  load: LoadClient;
  sizes: Sizes;
  quick: boolean;
};

export type Scenario = {
  id: ScenarioId;
  numbers: number[];
  title: string;
  /** One line for the report: what it measures. */
  measures: string;
  /** Absent: listed in the report as "not yet measured". */
  run?: (ctx: ScenarioContext) => Promise<Omit<ScenarioResult, 'id' | 'title' | 'status'>>;
};
