// Cross-process locks (proper-lockfile) kept in $XDG_STATE_HOME/authui/locks. A lock whose holder
// was killed is taken over once it is STALE_MS old; a waiter gives up after WAIT_MS with a
// clear error rather than hanging (docs/architecture.md, "Single flight").
import { join } from 'node:path';
import { AuthError } from './errors.js';
import { ensurePrivateDir } from './fs-atomic.js';
import { pathSegment } from './names.js';

/** A lock not refreshed for this long belongs to a dead process (the holder touches it every STALE_MS / 2). */
const STALE_MS = 10_000;
/** How long a waiter waits: longer than a renewal that runs into the network timeout, plus a stale takeover. */
const WAIT_MS = 40_000;
const POLL_MS = 20;

export async function withLock<T>(
  locksDir: string,
  name: string,
  fn: () => Promise<T> | T,
  opts: { waitMs?: number } = {},
): Promise<T> {
  const waitMs = opts.waitMs ?? WAIT_MS;
  ensurePrivateDir(locksDir);
  const target = join(locksDir, pathSegment(name));
  // Loaded on first use: read-only paths (status, credential-process from cache) never lock.
  const { default: lockfile } = await import('proper-lockfile');
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(target, {
      realpath: false,
      lockfilePath: `${target}.lock`,
      stale: STALE_MS,
      retries: { retries: Math.ceil(waitMs / POLL_MS), minTimeout: POLL_MS, maxTimeout: POLL_MS, factor: 1 },
      // The default throws from a timer (a crash); losing the lock only weakens single flight.
      onCompromised: () => {},
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
    throw new AuthError('timeout', `Another authui process has held the lock on ${name} for over ${waitMs / 1000}s`, {
      hint: `Try again; if it persists, check for a stuck authui process (lock file ${target}.lock).`,
      retryable: true,
    });
  }
  try {
    return await fn();
  } finally {
    await release().catch(() => {});
  }
}
