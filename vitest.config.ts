import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    globalSetup: ['test/global-setup.ts'],
    // The JSON report is what .ci/run counts for its closing line.
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results.json' },
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Ink's colours are asserted in component tests; NO_COLOR behaviour is tested explicitly.
    env: { FORCE_COLOR: '1' },
  },
});
