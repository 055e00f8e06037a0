import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    // CLI tests render long demo sequences many times: they run on the synth palette; the sampled
    // instruments have their own tests (test/sampler, which load the bank for real)
    env: { CUEBED_SOUND_BANK: 'none' },
    hookTimeout: 60_000,
    // The JSON report feeds scripts/test-summary.js (CI's plain "N passed, N failed" line).
    reporters: ['default', ['json', { outputFile: 'test-artifacts/vitest-results.json' }]],
  },
});
