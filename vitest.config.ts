import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/support/loopback-guard.mjs', 'test/support/memory-watchdog.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // Two cores: keep parallelism modest so lab servers and Chromium are not starved.
    maxWorkers: 2,
    pool: 'forks',
  },
});
