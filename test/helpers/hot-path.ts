// Checks that a run traced by trace-loads.mjs stayed on the hot path: the binary ran the hot
// paths' bundle or the session-cache answers (either leaves its code cache for the command) and
// loaded no SDK, Ink, React, parser or ESM app.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import { resolvePaths } from '../../src/auth/paths.js';
import { BIN } from './cli.js';

export const TRACE_HOOK = new URL('./trace-loads.mjs', import.meta.url).pathname;

export function expectHotPath(trace: string, env: NodeJS.ProcessEnv, command: string): void {
  const loaded = readFileSync(trace, 'utf8');
  expect(loaded).toContain('dist/authui.js'); // the trace works
  for (const heavy of ['@aws-sdk', '/ink/', '/react/', '/yaml/', '/zod/', 'commander', 'app.mjs', 'chunks/'])
    expect(loaded).not.toContain(heavy);
  // Run by the hot paths' script, or answered from the session cache before it.
  const caches = (['fast', 'answer'] as const).map((family) =>
    join(
      resolvePaths(env).cacheDir,
      'code-cache',
      codeCacheName(family, `${command}-${process.version}-${process.arch}.v8`),
    ),
  );
  expect(caches.some((cache) => existsSync(cache))).toBe(true);
}

/** The name of the built binary's code cache for bundle `family` (dist/family-HASH.cjs) and `use`. */
export function codeCacheName(
  family: 'fast' | 'answer' | 'first-frame' | 'listed-frame' | 'dashboard',
  use: string,
): string {
  const bundle = readdirSync(dirname(BIN)).find((name) => name.startsWith(`${family}-`) && name.endsWith('.cjs'));
  return `${(bundle as string).slice(0, -'.cjs'.length)}-${use}`;
}
