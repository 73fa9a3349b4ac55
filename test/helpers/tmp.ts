import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { resolvePaths } from '../../src/auth/paths.js';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach } from 'vitest';
import { trustConfig } from '../../src/auth/config/trust.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) removeTempDir(dir);
});

/**
 * Removes `dir` and what an isolatedEnv(dir) left where the runtime directory's stand-in is
 * (/dev/shm: the session cache's pads, the broker's socket).
 */
export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  const pads = resolvePaths(isolatedEnv(dir)).sessionCachePads;
  if (pads !== undefined) rmSync(dirname(pads), { recursive: true, force: true });
}

/** A temp dir removed after the test, with the session-cache pads an isolatedEnv(dir) left. */
export function tempDir(prefix = 'authui-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

/** An env whose XDG dirs and HOME live in `dir`: tests never touch the real home. */
export function isolatedEnv(dir: string, extra: Record<string, string> = {}): Record<string, string | undefined> {
  return {
    PATH: process.env.PATH,
    HOME: join(dir, 'home'),
    XDG_CONFIG_HOME: join(dir, 'config'),
    XDG_STATE_HOME: join(dir, 'state'),
    XDG_CACHE_HOME: join(dir, 'cache'),
    XDG_DATA_HOME: join(dir, 'data'),
    ...extra,
  };
}

/**
 * Writes `cwd/authui.yaml` and trusts it as `authui trust` does (config/trust.ts), for a test
 * whose env is isolatedEnv(dir): the tests' user has read their own project file.
 */
export function writeTrustedConfig(dir: string, cwd: string, text: string): string {
  const path = join(cwd, 'authui.yaml');
  writeFileSync(path, text);
  trustConfig(resolvePaths(isolatedEnv(dir)).trustFile, path);
  return path;
}
