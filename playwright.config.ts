// End-to-end tests against the production server (`node scripts/start.mjs`:
// build if needed, migrate, seed, `next start`), in Debian's Chromium.
//
// Database: with DATABASE_URL the server uses it as is (CI creates a fresh one
// per run) and tests may inspect it. Without it, every run gets its own empty
// embedded PGlite directory under .data/, so the seed always runs.
import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';
import {
  APP_ENCRYPTION_KEY,
  BASE_URL,
  DATABASE_URL,
  E2E_PORT,
  NEXTAUTH_SECRET,
  RUN_SUFFIX,
  SEED_PASSWORD,
  SEED_WRITE_KEY,
} from './e2e/support/env';

// Set once in the runner process; workers inherit it, so every process agrees.
process.env.E2E_PGLITE_DIR ||= path.join(
  '.data',
  `e2e-${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}-${process.pid}`,
);

const CI = Boolean(process.env.CI);

/**
 * The server's database roles. CI (.ci/run) runs it as production should: migrations
 * as the tables' owner (E2E_SERVER_MIGRATION_DATABASE_URL), the server as a runtime
 * role with only INSERT and SELECT on the audit log (E2E_SERVER_DATABASE_URL). Tests
 * keep DATABASE_URL to inspect and prepare the same database.
 */
function serverDatabase(url: string): Record<string, string> {
  const runtime = process.env.E2E_SERVER_DATABASE_URL?.trim();
  const migration = process.env.E2E_SERVER_MIGRATION_DATABASE_URL?.trim();
  return { DATABASE_URL: runtime || url, ...(migration ? { MIGRATION_DATABASE_URL: migration } : {}) };
}

export default defineConfig({
  testDir: './e2e',
  // Playwright empties outputDir at start: keep it apart from other reports in test-results/.
  outputDir: `test-results/e2e-artifacts${RUN_SUFFIX}`,
  globalSetup: './e2e/global-setup.ts',
  fullyParallel: false,
  forbidOnly: CI,
  retries: CI ? 1 : 0,
  workers: Number(process.env.E2E_WORKERS ?? 2),
  reporter: [['list'], ['json', { outputFile: `test-results/e2e${RUN_SUFFIX}.json` }]],
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: BASE_URL,
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    { name: 'setup', testMatch: /setup\/.*\.setup\.ts$/ },
    {
      name: 'chromium',
      testMatch: /specs\/.*\.spec\.ts$/,
      dependencies: ['setup'],
      use: {
        ...devices['Desktop Chrome'],
        channel: undefined,
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
          ],
        },
      },
    },
  ],
  webServer: {
    command: 'node scripts/start.mjs',
    url: `${BASE_URL}/api/health`,
    // A cold start may include `next build` on a 2-core machine.
    timeout: 10 * 60_000,
    reuseExistingServer: !CI,
    stdout: 'pipe',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
    env: {
      PORT: String(E2E_PORT),
      HOSTNAME: '127.0.0.1',
      NEXTAUTH_URL: BASE_URL,
      NEXTAUTH_SECRET,
      APP_ENCRYPTION_KEY,
      SEED_PASSWORD,
      SEED_WRITE_KEY,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      // Each run its own checkpoint file: a shared one would mix several databases' checkpoints.
      AUDIT_CHECKPOINT_FILE: `${process.env.E2E_PGLITE_DIR}-audit-checkpoints.jsonl`,
      // Loopback only, for the local sinks behind Destination Functions (e2e/support/sink.ts);
      // metadata and private ranges stay refused (pipeline.spec.ts checks 169.254.169.254).
      OUTBOUND_ALLOWLIST: process.env.OUTBOUND_ALLOWLIST ?? '127.0.0.1',
      ...(DATABASE_URL ? serverDatabase(DATABASE_URL) : { PGLITE_DIR: process.env.E2E_PGLITE_DIR }),
    },
  },
});
