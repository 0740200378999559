// `npm run bench [-- --quick] [-- --standalone] [-- --only <scenario,...>]`:
// starts the scaled shape on this machine (or, with --standalone, `npm start`'s
// single process), runs the scenarios in order, writes the report to
// bench/results/ and prints the summary table. Exits non-zero when anything
// was lost, duplicated, leaked or refused, or a scenario crashed; goals are
// reported, never enforced (timings on a shared machine are not pass/fail).
import { rm } from 'node:fs/promises';
import { startLoadGenerator } from './load/load-client.ts';
import { type Options, parseOptions, USAGE, UsageError } from './options.ts';
import { RESULTS_DIR } from './paths.ts';
import { progress } from './progress.ts';
import { machineInfo, type RunReport, runName, writeRunReport } from './report/run-report.ts';
import { summaryRows, textTable } from './report/summary-table.ts';
import { addIntegrity, NO_LOSS, type ScenarioContext, type ScenarioResult } from './scenario.ts';
import { scenarios } from './scenarios/index.ts';
import { describeSettle, settle } from './stack/settle.ts';
import { startStack } from './stack/start-stack.ts';
import { runStandaloneScenarios, STANDALONE_TITLES, standaloneSeeds } from './standalone/standalone-scenarios.ts';
import { startStandaloneStack } from './standalone/standalone-stack.ts';

function readOptions(): Options {
  try {
    return parseOptions(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message ? `${error.message}\n` : ''}${USAGE}\n`);
    process.exit(error.message ? 2 : 0);
  }
}

async function runScenarios(options: Options, ctx: ScenarioContext): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  for (const scenario of scenarios) {
    const base = {
      id: scenario.id,
      title: scenario.title,
      measurements: [],
      integrity: NO_LOSS,
      charts: [],
      details: {},
    };
    if (options.only && !options.only.includes(scenario.id)) {
      results.push({ ...base, status: 'skipped', notes: [] });
      continue;
    }
    if (!scenario.run) {
      results.push({ ...base, status: 'not_measured', notes: [] });
      continue;
    }
    progress(`scenario ${scenario.numbers.join('+')}: ${scenario.title}`);
    try {
      const quiet = await settle(ctx.stack.sql);
      if (quiet.waitedMs > 0) progress(`waited ${(quiet.waitedMs / 1000).toFixed(1)} s for the worker's due jobs`);
      const outcome = await scenario.run(ctx);
      results.push({
        ...base,
        ...outcome,
        notes: [describeSettle(quiet, 'This scenario'), ...outcome.notes],
        status: 'measured',
      });
    } catch (error) {
      const message = (error as Error).stack ?? String(error);
      progress(`scenario ${scenario.id} crashed: ${message}`);
      results.push({ ...base, status: 'crashed', notes: [], error: message });
    }
  }
  return results;
}

type Run = {
  logDir: string;
  /** Safe at any point: stops whatever the run started. */
  stop(): Promise<void>;
  results: Promise<ScenarioResult[]>;
};

/** The scaled shape: PostgreSQL, Redis, the API, two gateway nodes, the worker, the floor. */
function scaledRun(options: Options): Run {
  const stack = startStack(options);
  const results = (async () => {
    const ready = await stack.ready;
    const load = startLoadGenerator(ready.processes);
    return runScenarios(options, { stack: ready, load, sizes: options.sizes, quick: options.quick });
  })();
  return { logDir: stack.logDir, stop: stack.stop, results };
}

/** --standalone: scenarios 1 and 3 against `npm start`'s single process on embedded PGlite. */
function standaloneRun(options: Options): Run {
  const stack = startStandaloneStack(options, standaloneSeeds(options.sizes));
  const results = (async () => {
    const ready = await stack.ready;
    const load = startLoadGenerator(ready.processes);
    return runStandaloneScenarios(ready, load, options.sizes, (id) => !options.only || options.only.includes(id));
  })();
  return { logDir: stack.logDir, stop: stack.stop, results };
}

async function main(): Promise<number> {
  const options = readOptions();
  const startedAt = new Date();
  const machine = machineInfo();
  const shape = options.standalone ? 'standalone' : 'scaled';
  progress(
    options.standalone
      ? `relay bench --standalone (${options.quick ? 'quick' : 'full'}): npm start's single process on embedded PGlite`
      : `relay bench (${options.quick ? 'quick' : 'full'}): database server ${redact(options.databaseUrl)}, ${redact(options.redisUrl)}`,
  );
  const run = options.standalone ? standaloneRun(options) : scaledRun(options);
  // Whatever ends the run (a signal, a crash, the end), nothing it started outlives it.
  let stopping = false;
  const stopAndExit = (code: number) => {
    if (stopping) return;
    stopping = true;
    void run.stop().finally(() => process.exit(code));
  };
  process.once('SIGINT', () => {
    progress('interrupted: stopping everything');
    stopAndExit(130);
  });
  process.once('SIGTERM', () => stopAndExit(143));
  process.on('uncaughtException', (error) => {
    progress(`unexpected error: ${error.stack ?? error}`);
    stopAndExit(1);
  });
  process.on('unhandledRejection', (error) => {
    progress(`unexpected error: ${(error as Error)?.stack ?? error}`);
    stopAndExit(1);
  });

  let results: ScenarioResult[];
  try {
    results = await run.results;
  } catch (error) {
    progress(`the run failed: ${(error as Error).stack ?? error}`);
    await run.stop();
    return 1;
  }
  // Interrupted: stopAndExit is already stopping everything and will exit; no report of half a run.
  if (stopping) return new Promise<number>(() => {});
  progress('stopping the stack');
  await run.stop();

  const integrity = results.map((r) => r.integrity).reduce(addIntegrity, NO_LOSS);
  const crashed = results.some((r) => r.status === 'crashed');
  const passed = !crashed && Object.values(integrity).every((count) => count === 0);
  const metaOf = (r: ScenarioResult) =>
    options.standalone
      ? STANDALONE_TITLES[r.id as keyof typeof STANDALONE_TITLES]
      : scenarios.find((s) => s.id === r.id);
  const summary = summaryRows(results, (r) => metaOf(r)?.numbers ?? []);
  const report: RunReport = {
    name: runName(startedAt, options.quick, options.standalone),
    mode: options.quick ? 'quick' : 'full',
    shape,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    passed,
    integrity,
    sizes: options.sizes,
    machine,
    summary,
    scenarios: results.map((r) => ({ ...r, numbers: metaOf(r)?.numbers ?? [], measures: metaOf(r)?.measures ?? '' })),
  };
  const files = await writeRunReport(RESULTS_DIR, report);
  process.stdout.write(`\n${textTable(summary)}\n\n`);
  process.stdout.write(
    `${passed ? 'PASSED' : 'FAILED'}: lost ${integrity.lost}, duplicated ${integrity.duplicated}, ` +
      `unexpected ${integrity.unexpected}, failed requests ${integrity.failedRequests}` +
      `${crashed ? ', a scenario crashed' : ''}\n`,
  );
  process.stdout.write(`report: ${files.slice(0, 2).join(', ')}\n`);
  // Kept when something failed, or when profiles were asked for (they are written there).
  if (passed && options.profile.length === 0) await rm(run.logDir, { recursive: true, force: true });
  else
    process.stdout.write(
      `logs of the Relay processes${options.profile.length ? ' and profiles' : ''}: ${run.logDir}\n`,
    );
  return passed ? 0 : 1;
}

/** A URL without its password, for the log. */
function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`${error.stack ?? error}\n`);
    process.exit(1);
  },
);
