// Checks that a run traced by trace-loads.mjs stayed on the hot path: the binary ran the hot
// paths' bundle (which left its code cache for the command) and loaded no SDK, Ink, React,
// parser or ESM app.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { resolvePaths } from '../../src/auth/paths.js';

export const TRACE_HOOK = new URL('./trace-loads.mjs', import.meta.url).pathname;

export function expectHotPath(trace: string, env: NodeJS.ProcessEnv, command: string): void {
  const loaded = readFileSync(trace, 'utf8');
  expect(loaded).toContain('dist/authui.js'); // the trace works
  for (const heavy of ['@aws-sdk', '/ink/', '/react/', '/yaml/', '/zod/', 'commander', 'app.mjs', 'chunks/'])
    expect(loaded).not.toContain(heavy);
  const cache = `fast-${command}-${process.version}-${process.arch}.v8`;
  expect(existsSync(join(resolvePaths(env).cacheDir, 'code-cache', cache))).toBe(true);
}
