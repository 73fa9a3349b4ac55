// Cross-process locks (proper-lockfile) kept in $XDG_STATE_HOME/authui/locks. A lock whose holder
// was killed is taken over at once when the holder is a dead process on this machine, else once
// it is STALE_MS old; a waiter gives up after WAIT_MS with a clear error rather than hanging
// (docs/architecture.md, "Single flight").
import {
  mkdirSync,
  readFileSync,
  realpath,
  rmdir,
  rmdirSync,
  rmSync,
  stat,
  utimes,
  utimesSync,
  writeFileSync,
  type mkdir,
  type PathLike,
} from 'node:fs';
import { join } from 'node:path';
import { debug } from './debug.js';
import { AuthError } from './errors.js';
import { ensurePrivateDir } from './fs-atomic.js';
import { pathSegment } from './names.js';

/** This machine's name (node:os when a lock is taken: the hot paths load none of it otherwise). */
const hostname = (): string => process.getBuiltinModule('node:os').hostname();

/** A lock not refreshed for this long belongs to a dead process (the holder touches it every STALE_MS / 2). */
const STALE_MS = 10_000;
/** How long a waiter waits: longer than a renewal that runs into the network timeout, plus a stale takeover. */
const WAIT_MS = 40_000;
const POLL_MS = 20;

/**
 * A lock whose holder is a dead process on this machine is stale now, not in STALE_MS: its lock
 * directory's time is set to the epoch, so proper-lockfile takes it over on the next attempt.
 * The holder is named in a sibling file (the lock directory itself must stay empty for rmdir),
 * written in the same synchronous step as the directory (namingFs): a holder killed in between
 * would leave a nameless lock that only goes stale by age. If a dead holder's name is left over
 * from an earlier lock, the worst case is two holders at once, which proper-lockfile's own
 * takeover also allows.
 */
function reapDeadHolder(lockPath: string, ownerPath: string): void {
  const pid = holderPid(ownerPath);
  if (pid === undefined || pid === process.pid || isAlive(pid)) return;
  try {
    utimesSync(lockPath, 0, 0);
  } catch {
    // No lock directory: nothing holds it.
  }
}

/** The pid a lock's holder wrote beside it, when it is on this machine. */
function holderPid(ownerPath: string): number | undefined {
  try {
    const [host, pidText] = readFileSync(ownerPath, 'utf8').split(' ');
    const pid = Number(pidText);
    return host === hostname() && Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, another user's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The calls proper-lockfile makes through its `fs` option (lock, check, unlock, mtime probe). */
interface LockFs {
  mkdir: typeof mkdir;
  stat: typeof stat;
  rmdir: typeof rmdir;
  rmdirSync: typeof rmdirSync;
  utimes: typeof utimes;
  realpath: typeof realpath;
}

/**
 * The file system proper-lockfile locks with, whose mkdir names the holder the moment the lock
 * directory exists: both synchronously, before anything else runs. A lock someone else holds
 * (EEXIST) keeps its holder's name. Named functions, not a copy of node:fs: a namespace import
 * costs every command that loads this module a copy of all of node:fs at start.
 */
export function namingFs(ownerPath: string, owner: string): LockFs {
  return {
    stat,
    rmdir,
    rmdirSync,
    utimes,
    realpath,
    mkdir: ((path: PathLike, done: (error: NodeJS.ErrnoException | null) => void) => {
      try {
        mkdirSync(path);
      } catch (error) {
        done(error as NodeJS.ErrnoException);
        return;
      }
      try {
        writeFileSync(ownerPath, owner, { mode: 0o600 });
      } catch {
        // Without the name, a crash costs the next process the STALE_MS wait instead.
      }
      done(null);
    }) as typeof mkdir,
  };
}

export async function withLock<T>(
  locksDir: string,
  name: string,
  fn: () => Promise<T> | T,
  opts: {
    waitMs?: number;
    /** Told once when the lock is held by another process (its pid, when it names itself). */
    onWait?(holderPid: number | undefined): void;
  } = {},
): Promise<T> {
  const waitMs = opts.waitMs ?? WAIT_MS;
  ensurePrivateDir(locksDir);
  const target = join(locksDir, pathSegment(name));
  const lockPath = `${target}.lock`;
  const ownerPath = `${target}.owner`;
  // Loaded on first use: read-only paths (status, credential-process from cache) never lock.
  const { default: lockfile } = await import('proper-lockfile');
  const deadline = Date.now() + waitMs;
  const owner = `${hostname()} ${process.pid}`;
  const lockFs = namingFs(ownerPath, owner);
  let release: () => Promise<void>;
  let told = false;
  for (;;) {
    reapDeadHolder(lockPath, ownerPath);
    try {
      release = await lockfile.lock(target, {
        realpath: false,
        lockfilePath: lockPath,
        stale: STALE_MS,
        retries: 0,
        // The default throws from a timer (a crash); losing the lock only weakens single flight.
        onCompromised: () => {},
        fs: lockFs,
      });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
      if (!told) {
        told = true;
        const pid = holderPid(ownerPath);
        debug('lock-wait', { lock: name, holder: pid });
        opts.onWait?.(pid);
      }
      if (Date.now() >= deadline)
        throw new AuthError(
          'timeout',
          `Another authui process has held the lock on ${name} for over ${waitMs / 1000}s`,
          {
            hint: `Try again; if it persists, check for a stuck authui process (lock file ${lockPath}).`,
            retryable: true,
          },
        );
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
  try {
    return await fn();
  } finally {
    // Only our own name: after a takeover the file names the new holder.
    try {
      if (readFileSync(ownerPath, 'utf8') === owner) rmSync(ownerPath, { force: true });
    } catch {
      // Already gone.
    }
    await release().catch(() => {});
  }
}
