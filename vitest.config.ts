import { defineConfig } from 'vitest/config';

// One project per test layer (STYLE 6.9). Tests are timing-free: speed lives in `npm run bench`.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          env: { POWERTOOLS_DEV: 'true', POWERTOOLS_LOG_LEVEL: 'WARN' },
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/support/emulators.ts'],
          env: { POWERTOOLS_DEV: 'true', POWERTOOLS_LOG_LEVEL: 'WARN' },
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        // A real browser (Debian's chromium via playwright-core) against `npm start`'s local stack: the approval
        // page as the griffier uses it. Skipped with a note when /usr/bin/chromium is absent; .ci/run installs it.
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          env: { POWERTOOLS_DEV: 'true', POWERTOOLS_LOG_LEVEL: 'WARN' },
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        // Hostile input made at run time (5,000-deep MIME, 200,000 parts, a 39 MB message, PDF bombs) through the
        // read path and the CLI: seconds each, kept apart so `test:unit` stays quick.
        test: {
          name: 'limits',
          include: ['test/limits/**/*.test.ts'],
          env: { POWERTOOLS_DEV: 'true', POWERTOOLS_LOG_LEVEL: 'WARN' },
          testTimeout: 240_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          testTimeout: 120_000,
          // The synth runs in beforeAll: on a busy machine it takes as long as a test may.
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
