// Cross-process locks (proper-lockfile) kept in $XDG_STATE_HOME/authui/locks.
import { join } from 'node:path';
import { ensurePrivateDir } from './fs-atomic.js';
import { pathSegment } from './names.js';

export async function withLock<T>(locksDir: string, name: string, fn: () => Promise<T> | T): Promise<T> {
  ensurePrivateDir(locksDir);
  const target = join(locksDir, pathSegment(name));
  // Loaded on first use: read-only paths (status, credential-process from cache) never lock.
  const { default: lockfile } = await import('proper-lockfile');
  const release = await lockfile.lock(target, {
    realpath: false,
    lockfilePath: `${target}.lock`,
    stale: 10_000,
    retries: { retries: 200, minTimeout: 5, maxTimeout: 50, factor: 1.3 },
  });
  try {
    return await fn();
  } finally {
    await release();
  }
}
