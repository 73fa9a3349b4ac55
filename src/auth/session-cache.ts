// The short-lived session cache (README, "Where things are kept"): what a session yields to tools
// — AWS session credentials, OIDC access and ID tokens, an IAM Identity Center or token-service
// access token — for sessions that expire, in one 0600 file per node in a 0700 directory under
// $XDG_RUNTIME_DIR (else the state directory). `credential-process`, `token`, `env` and `exec`
// read it instead of the credential store, so they pay neither the keyring's D-Bus round trip
// nor the password store's scrypt. It holds what the AWS files already hold, with the same
// protection; never a refresh token, a long-term key, a password, an API key or a client secret
// (those have no expiry or are not yields). A file counts only while it matches the session
// index (same obtainedAt and expiresAt) and has not expired.
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from './clock.js';
import { writeFileAtomic } from './fs-atomic.js';
import type { SessionMeta } from './kind.js';
import { CACHED_TYPES, type Yields } from './credential-types.js';
import { pathSegment } from './names.js';

interface CachedSession {
  obtainedAt: string;
  expiresAt: string;
  yields: Yields;
}

/** Whether a file or directory is this user's alone: owned by us, no group or other access. */
function ours(stat: { uid: number; mode: number }): boolean {
  const uid = process.getuid?.();
  return uid === undefined || (stat.uid === uid && (stat.mode & 0o077) === 0);
}

export class SessionCache {
  private warned = false;

  constructor(
    private readonly dir: string,
    private readonly clock: Clock,
    private readonly onWarning: (message: string) => void = () => {},
  ) {}

  private file(id: string): string {
    return join(this.dir, `${pathSegment(id)}.json`);
  }

  private refuse(what: string): undefined {
    if (!this.warned)
      this.onWarning(`${what} is not yours alone (owner and mode 0700/0600); the session cache is not used.`);
    this.warned = true;
    return undefined;
  }

  /**
   * The directory, when it is a real directory of this user's with mode 0700 (as the prompt
   * broker's): another user who can write the runtime directory could plant one.
   */
  private dirIsOurs(): boolean {
    try {
      const stat = lstatSync(this.dir);
      return stat.isDirectory() && ours(stat) ? true : (this.refuse(this.dir), false);
    } catch {
      return false;
    }
  }

  /** A cache file's text, when it is a regular file of this user's with mode 0600 (never a link). */
  private readOurs(file: string): string | undefined {
    if (!this.dirIsOurs()) return undefined;
    let fd: number;
    try {
      fd = openSync(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
    } catch {
      return undefined;
    }
    try {
      const stat = fstatSync(fd);
      if (!stat.isFile() || !ours(stat)) return this.refuse(file);
      return readFileSync(fd, 'utf8');
    } finally {
      closeSync(fd);
    }
  }

  /** The cached yields when they belong to the indexed session `meta` and it has not expired. */
  read(id: string, meta: Pick<SessionMeta, 'obtainedAt' | 'expiresAt'>): Yields | undefined {
    if (!meta.expiresAt || Date.parse(meta.expiresAt) <= this.clock.now()) return undefined;
    const text = this.readOurs(this.file(id));
    if (text === undefined) return undefined;
    let cached: CachedSession;
    try {
      cached = JSON.parse(text) as CachedSession;
    } catch {
      return undefined;
    }
    if (cached.obtainedAt !== meta.obtainedAt || cached.expiresAt !== meta.expiresAt) return undefined;
    return typeof cached.yields === 'object' && cached.yields !== null ? cached.yields : undefined;
  }

  /** Caches a saved session's short-lived yields; a session without expiry is never cached. */
  write(id: string, meta: SessionMeta, yields: Yields): void {
    const short = Object.fromEntries(
      CACHED_TYPES.filter((k) => yields[k] !== undefined).map((k) => [k, yields[k]]),
    ) as Yields;
    if (!meta.expiresAt || Object.keys(short).length === 0) return this.remove([id]);
    try {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      if (!this.dirIsOurs()) return; // a secret never goes into a directory another user controls
      writeFileAtomic(
        this.file(id),
        JSON.stringify({
          obtainedAt: meta.obtainedAt,
          expiresAt: meta.expiresAt,
          yields: short,
        } satisfies CachedSession),
        0o600,
      );
    } catch {
      // Without the cache the next tool call reads the store: slower, never wrong.
      this.remove([id]);
    }
  }

  remove(ids: readonly string[]): void {
    for (const id of ids) {
      try {
        rmSync(this.file(id), { force: true });
      } catch {
        // An unremovable file is also unreadable as a session once the index moves on.
      }
    }
  }
}
