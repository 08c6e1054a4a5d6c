import { defineConfig } from 'vitest/config';

// The slow tests in a project of their own: fuzzing, training, the 1 GB inputs, Azurite and the
// browser.
// `npx vitest --project fast` is the quick loop; `npm test` and .ci/run run both.
const SLOW = [
  'test/fuzz/**/*.test.ts',
  'test/extract/properties.test.ts', // property-based fuzzing of the reader
  'test/e2e/**/*.test.ts', // a real browser
  'test/learn/ranking-current.test.ts', // trains the ranking: 20-30 s on a busy machine
  'test/server/healthz-retrain.test.ts', // the same, at start-up with LOCAL_CASES
  'test/server/bad-input.test.ts', // 1 GB bodies and downloads
  'test/security/downloads.test.ts', // 1 GB downloads
  'test/state/store.test.ts', // Azurite from here down
  'test/server/restart.test.ts',
  'test/server/failure.test.ts',
  'test/server/first-turns.test.ts',
  'test/security/secrets.test.ts',
  'test/security/secret-kinds.test.ts',
];

export default defineConfig({
  test: {
    setupFiles: ['test/setup.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'fast', include: ['test/**/*.test.ts'], exclude: SLOW } },
      // a loaded 2-core machine runs these well past the fast loop's 20 s
      { extends: true, test: { name: 'slow', include: SLOW, testTimeout: 120_000 } },
    ],
  },
});
