/**
 * Unit tests in Node (test/unit). Two workers: the suite is CPU-bound (real CLI processes,
 * fingerprinting, fake-indexeddb), and vitest's default on a 2-core machine is one worker
 * (a worker per core but one), which leaves a core idle. Measured on the shared 2-core
 * machine, 1,118 tests: 116 s with one worker, 86 s with two, for the same ~115 s of CPU. In
 * `npm test` the two workers share the cores with the end-to-end run, which mostly waits on
 * its browsers. Files stay isolated from each other (the default `forks` pool).
 */
import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    maxWorkers: 2,
  },
});
