// Reads Vitest and Playwright JSON reports (and single checks written as
// {"check": name, "ok": boolean}) and prints one closing line,
// "N passed, N failed". Exits non-zero on any failure, on any skipped or todo
// test (CI runs with every service up, so nothing has a reason to skip), or on
// a run of no tests.
// Usage: node scripts/test-summary.mjs <report.json>...
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
const problems = [];

for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) {
    problems.push(`${file}: no report (the run did not finish)`);
    failed += 1;
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  // A single check that is not a test runner (e.g. the benchmark smoke): {check, ok}.
  if (typeof report.check === 'string') {
    if (report.ok === true) passed += 1;
    else {
      failed += 1;
      problems.push(`${report.check}: failed`);
    }
    continue;
  }
  if (report.stats && 'expected' in report.stats) {
    readPlaywright(file, report);
    continue;
  }
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
  if (report.numTotalTests === 0) problems.push(`${file}: no test ran`);
  // A file that fails to load counts no test but fails the run.
  for (const suite of report.testResults) {
    if (suite.status === 'failed' && suite.assertionResults.length === 0) {
      problems.push(`${suite.name}: ${suite.message || 'failed to run'}`);
      failed += 1;
    }
    for (const test of suite.assertionResults) {
      if (test.status === 'pending' || test.status === 'skipped' || test.status === 'todo') {
        problems.push(`skipped: ${test.fullName}`);
      }
    }
  }
}

// Playwright: stats.expected passed, unexpected failed, flaky passed only on a retry (a failure here).
function readPlaywright(file, report) {
  passed += report.stats.expected;
  failed += report.stats.unexpected + report.stats.flaky;
  skipped += report.stats.skipped;
  if (report.stats.expected + report.stats.unexpected + report.stats.flaky + report.stats.skipped === 0) {
    problems.push(`${file}: no test ran`);
  }
  for (const error of report.errors ?? []) {
    problems.push(`${file}: ${error.message?.split('\n')[0] ?? 'error outside a test'}`);
    failed += 1;
  }
  const walk = (suite, path) => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        if (t.status === 'skipped') problems.push(`skipped: ${[...path, spec.title].join(' > ')}`);
      }
    }
    for (const child of suite.suites ?? []) walk(child, [...path, child.title]);
  };
  for (const suite of report.suites ?? []) walk(suite, [suite.title]);
}

for (const problem of problems) process.stdout.write(`${problem}\n`);
process.stdout.write(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
process.exit(failed === 0 && skipped === 0 && problems.length === 0 ? 0 : 1);
