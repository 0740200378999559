import { defineConfig } from 'vitest/config';

// CI names a JSON report file here (the summary reads it); `npm test` alone prints the default report.
const report = process.env.RELAY_TEST_REPORT;

// One config for the whole repository, so the database global setup runs once
// per run. Run a single package with a path filter: `npx vitest run packages/db`.
export default defineConfig({
  test: {
    include: ['{apps,packages}/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['packages/db/src/testing/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Files share one database; each test makes its own tenant, so they can
    // run in parallel without stepping on each other.
    fileParallelism: true,
    ...(report ? { reporters: ['default', 'json'], outputFile: { json: report } } : {}),
  },
});
