// A module of src/ bundled as CommonJS, for tests that run it in child processes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The path of `entry` (relative to the repository) bundled as CommonJS: built once before the
 * calling test file's tests and removed after them (tempDir's folders go after each test).
 */
export function commonJsBuildOf(entry: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'authui-cjs-'));
  const file = join(dir, `${basename(entry, extname(entry))}.cjs`);
  beforeAll(async () => {
    await build({
      absWorkingDir: root,
      entryPoints: [entry],
      outfile: file,
      bundle: true,
      format: 'cjs',
      platform: 'node',
      logLevel: 'error',
    });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return file;
}
