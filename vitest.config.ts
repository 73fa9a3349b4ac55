import { defineConfig } from 'vitest/config';
// @ts-expect-error -- a plain .mjs script without types
import { inkPatchesForVite } from './scripts/ink-patches.mjs';

export default defineConfig({
  // The tests run Ink patched, as the bundles do (scripts/ink-patches.mjs): Vite transforms its
  // modules instead of Node loading them as they are.
  plugins: [inkPatchesForVite],
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    globalSetup: ['test/global-setup.ts'],
    // The JSON report is what .ci/run counts for its closing line.
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results.json' },
    // Generous: a timeout only catches a hang, and a loaded two-core CI machine runs the heavy
    // tests (many processes, a pty, the keyring) several times slower than a quiet one.
    testTimeout: 45_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Most tests wait on other processes (the binary, tmux, loopback peers, the keyring) rather
    // than compute: four files at a time keep two cores busy (one per core left them idle).
    maxWorkers: 4,
    // Ink's colours are asserted in component tests; NO_COLOR behaviour is tested explicitly.
    env: { FORCE_COLOR: '1' },
    server: {
      deps: {
        inline: [
          /[\\/]node_modules[\\/](ink|ink-testing-library|ink-select-input|yoga-layout|@alcalzone[\\/]ansi-tokenize|slice-ansi|string-width|wrap-ansi)[\\/]/,
        ],
      },
    },
  },
});
