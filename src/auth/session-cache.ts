// The short-lived session cache (README, "Where things are kept"): what a session yields to tools
// — AWS session credentials, OIDC access and ID tokens, an IAM Identity Center or token-service
// access token — for sessions that expire, in one 0600 file per node in a 0700 directory under
// $XDG_RUNTIME_DIR (else the state directory). `credential-process`, `token`, `env` and `exec`
// read it instead of the credential store, so they pay neither the keyring's D-Bus round trip
// nor the password store's scrypt. It holds what the AWS files already hold, with the same
// protection; never a refresh token, a long-term key, a password, an API key or a client secret
// (those have no expiry or are not yields). A file counts only while it matches the session
// index (same obtainedAt and expiresAt) and has not expired.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from './clock.js';
import { writeFileAtomic } from './fs-atomic.js';
import type { SessionMeta, Yields } from './kinds/types.js';
import { pathSegment } from './names.js';
import { resolvePaths, type Env } from './paths.js';

interface CachedSession {
  obtainedAt: string;
  expiresAt: string;
  yields: Yields;
}

/** Yields that live no longer than their session (everything else stays in the store only). */
const SHORT_LIVED: readonly (keyof Yields)[] = ['aws', 'accessToken', 'idToken', 'ssoToken'];

export function sessionCacheDir(env: Env): string {
  return env.XDG_RUNTIME_DIR
    ? join(env.XDG_RUNTIME_DIR, 'authui', 'sessions')
    : join(resolvePaths(env).stateDir, 'session-cache');
}

export class SessionCache {
  constructor(
    private readonly dir: string,
    private readonly clock: Clock,
  ) {}

  private file(id: string): string {
    return join(this.dir, `${pathSegment(id)}.json`);
  }

  /** The cached yields when they belong to the indexed session `meta` and it has not expired. */
  read(id: string, meta: Pick<SessionMeta, 'obtainedAt' | 'expiresAt'>): Yields | undefined {
    if (!meta.expiresAt || Date.parse(meta.expiresAt) <= this.clock.now()) return undefined;
    let cached: CachedSession;
    try {
      cached = JSON.parse(readFileSync(this.file(id), 'utf8')) as CachedSession;
    } catch {
      return undefined;
    }
    if (cached.obtainedAt !== meta.obtainedAt || cached.expiresAt !== meta.expiresAt) return undefined;
    return typeof cached.yields === 'object' && cached.yields !== null ? cached.yields : undefined;
  }

  /** Caches a saved session's short-lived yields; a session without expiry is never cached. */
  write(id: string, meta: SessionMeta, yields: Yields): void {
    const short = Object.fromEntries(
      SHORT_LIVED.filter((k) => yields[k] !== undefined).map((k) => [k, yields[k]]),
    ) as Yields;
    if (!meta.expiresAt || Object.keys(short).length === 0) return this.remove([id]);
    try {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
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
