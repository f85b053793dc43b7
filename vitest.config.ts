import { defineConfig } from 'vitest/config';

/**
 * Four kinds of tests (README "Tests"):
 * - unit: pure domain rules, the trajectory's rules (in memory) and config, no servers;
 * - workflow: the wiring of the workflows on the time-skipping Temporal test server (one per file);
 * - integration: a Temporal dev server shared by the run (global setup) and a throw-away
 *   PostgreSQL database per file, created and migrated by the test itself;
 * - browser: the werkplek in headless Chromium (Debian's, via playwright-core), on the same
 *   kind of servers as the integration tests.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/domain/**/*.test.ts', 'test/unit/**/*.test.ts', 'test/workflows/trajectory/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'workflow',
          include: ['test/workflows/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: [
            'test/db/**/*.test.ts',
            'test/activities/**/*.test.ts',
            'test/api/**/*.test.ts',
            'test/integrations/**/*.test.ts',
            'test/e2e/**/*.test.ts',
            'test/fuzz/**/*.test.ts',
            'test/faults/**/*.test.ts',
          ],
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 120_000,
        },
      },
    ],
    pool: 'forks',
    maxWorkers: 2,
    // In CI also a JSON report, from which .ci/run prints a plain 'N passed, N failed' line.
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: '.data/vitest-report.json' },
  },
});
