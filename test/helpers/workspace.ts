import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { systemClock } from '../../src/auth/clock.js';
import { resolvePaths } from '../../src/auth/paths.js';
import { SessionIndex } from '../../src/auth/session-index.js';
import { FileStore } from '../../src/auth/stores/file.js';
import { isolatedEnv, tempDir } from './tmp.js';

/** A project dir with `authui.yaml`, an isolated env, its file store and session index. */
export function cliWorkspace(config: string, password: string) {
  const dir = tempDir();
  const cwd = join(dir, 'work');
  mkdirSync(cwd, { recursive: true });
  writeFileSync(join(cwd, 'authui.yaml'), config);
  const env = isolatedEnv(dir, { AUTHUI_KEYRING_PASSWORD: password });
  const paths = resolvePaths(env);
  const store = new FileStore({ path: paths.fileStore, locksDir: paths.locksDir, password, clock: systemClock, onWarning: () => {} });
  const index = new SessionIndex(paths.sessionIndex, paths.locksDir, systemClock, () => {});
  return { dir, cwd, env, paths, store, index };
}
