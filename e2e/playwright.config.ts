// The browser suite: Debian's Chromium (never a downloaded browser) driving the
// real standalone server, which each test worker starts in-process with a
// Telegram stand-in (e2e/support/relay.ts). RELAY_E2E_REPORT names a JSON
// report for CI's summary; screenshots go to e2e/results/.
import { defineConfig } from '@playwright/test';
import { chromiumPath, hasChromium } from './support/chromium.ts';

const report = process.env.RELAY_E2E_REPORT;
if (!hasChromium()) {
  process.stdout.write(`e2e: the browser suite is skipped (no Chromium at ${chromiumPath()}; set CHROMIUM_PATH)\n`);
}

export default defineConfig({
  testDir: './tests',
  outputDir: './results/artifacts',
  timeout: 90_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: report ? [['list'], ['json', { outputFile: report }]] : [['list']],
  use: {
    viewport: { width: 1280, height: 800 },
    screenshot: 'only-on-failure',
    trace: 'off',
    launchOptions: {
      executablePath: chromiumPath(),
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});
