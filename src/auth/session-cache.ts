// The short-lived session cache (README, "The short-lived session cache, and its threat model"):
// what a session yields to tools — AWS session credentials, OIDC access and ID tokens, an IAM
// Identity Center or token-service access token — for sessions that expire, in one 0600 file per
// node in a 0700 directory of the state directory, encrypted. `credential-process`, `token`, `env`
// and `exec` read it instead of the credential store, so they pay neither the keyring's D-Bus
// round trip nor the password store's scrypt. It never holds a refresh token, a long-term key, a
// password, an API key or a client secret (credential-types.ts: `cached`). A file counts only
// while it opens, names its node, matches the session index (same obtainedAt and expiresAt) and
// has not expired. AUTHUI_NO_SESSION_CACHE=1 or `auth.session_cache: false` turns it off.
//
// How a file is sealed, and why two ways: node:crypto costs every call that loads it ≈ 3–4.5 ms
// (it brings Node's stream stack; measured in docs/architecture.md), more than the hot paths'
// whole budget. So each file is XORed with a pad of random bytes as long as itself, made fresh
// for every write and kept off the state directory (paths.ts: the runtime directory, else
// `/dev/shm`, or the per-user temporary directory on macOS and Windows): a one-time pad, which
// the read undoes without node:crypto, and which leaves nothing to decrypt once the pads are
// gone. Where no such directory is ours alone, the file is sealed with AES-256-GCM under a key
// derived from the machine and the account (machine-secret.ts), its node id bound into the tag,
// and the read pays for node:crypto.
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import type { Clock } from './clock.js';
import type { Config } from './config/types.js';
import { writeFileAtomic } from './fs-atomic.js';
import type { SessionMeta } from './kind.js';
import { CACHED_TYPES, type Yields } from './credential-types.js';
import { machineSecret } from './machine-secret.js';
import { pathSegment } from './names.js';
import type { Env } from './paths.js';

const crypto = () => process.getBuiltinModule('node:crypto');

/** Bound into each AES-sealed file with the node's id. */
const CONTEXT = 'authui session cache v1';

/** Between a session's id and what was made from it, in file names (pathSegment encodes a "~" so). */
const DERIVED = '%7E';
const derivedId = (id: string, what: string) => `${id}~${what}`;

/** A cache file: the sealed JSON of a CachedSession, base64, and how it was sealed. */
type SealedFile = { v: 1; pad: string } | { v: 1; aes: string; iv: string; tag: string };

interface CachedSession {
  /** The node it belongs to: a file (and its pad) moved under another node's name is refused. */
  id: string;
  obtainedAt: string;
  expiresAt: string;
  yields: Yields;
}

/** Whether a file or directory is this user's alone: owned by us, no group or other access. */
function ours(stat: { uid: number; mode: number }): boolean {
  const uid = process.getuid?.();
  return uid === undefined || (stat.uid === uid && (stat.mode & 0o077) === 0);
}

/**
 * `data` XOR `pad` (as long as it). Four bytes a step where the three buffers' offsets allow
 * 32-bit views (Node's pool aligns to 8, so nearly always): the loop runs once per process, in
 * the interpreter, where a step costs about the same whatever its width (`env --reveal`'s 1.3-KB
 * file of kept exports: 0.3–0.6 M instructions fewer, docs/startup.md).
 */
export function xor(data: Buffer, pad: Buffer): Buffer {
  const out = Buffer.allocUnsafe(data.length);
  let at = 0;
  if (((data.byteOffset | pad.byteOffset | out.byteOffset) & 3) === 0) {
    const words = data.length >> 2;
    const [d, p, o] = [data, pad, out].map((b) => new Int32Array(b.buffer, b.byteOffset, words)) as [
      Int32Array,
      Int32Array,
      Int32Array,
    ];
    for (let i = 0; i < words; i++) o[i] = (d[i] as number) ^ (p[i] as number);
    at = words * 4;
  }
  for (let i = at; i < data.length; i++) out[i] = (data[i] as number) ^ (pad[i] as number);
  return out;
}

/** Whether the cache is on: off under `auth.session_cache: false` or AUTHUI_NO_SESSION_CACHE=1. */
export function sessionCacheEnabled(config: Pick<Config, 'sessionCache'>, env: Env): boolean {
  return config.sessionCache && env.AUTHUI_NO_SESSION_CACHE !== '1';
}

export interface SessionCacheOptions {
  /** Where the sealed files are (paths.sessionCache). */
  dir: string;
  /** Where their pads are (paths.sessionCachePads), when there is such a place. */
  padDir?: string;
  /** False: nothing is read or written, and what a write would have replaced is removed. */
  enabled: boolean;
  clock: Clock;
  onWarning?: (message: string) => void;
}

export class SessionCache {
  private warned = false;
  private machineKey: Buffer | undefined;
  private readonly clock: Clock;
  private readonly onWarning: (message: string) => void;

  constructor(private readonly opts: SessionCacheOptions) {
    this.clock = opts.clock;
    this.onWarning = opts.onWarning ?? (() => {});
  }

  /** False under AUTHUI_NO_SESSION_CACHE=1 or `auth.session_cache: false`: nothing is kept. */
  get enabled(): boolean {
    return this.opts.enabled;
  }

  private file(id: string): string {
    return join(this.opts.dir, `${pathSegment(id)}.json`);
  }

  private padFile(padDir: string, id: string): string {
    return join(padDir, `${pathSegment(id)}.pad`);
  }

  private refuse(what: string, outcome = 'the session cache is not used'): undefined {
    if (!this.warned) this.onWarning(`${what} is not yours alone (owner and mode 0700/0600); ${outcome}.`);
    this.warned = true;
    return undefined;
  }

  /**
   * Whether `dir` is a real directory of this user's with mode 0700 (as the prompt broker's):
   * another user who can write where it lies (`/dev/shm` is everyone's) could plant one.
   */
  private isOurDir(dir: string, outcome?: string): boolean {
    try {
      const stat = lstatSync(dir);
      return stat.isDirectory() && ours(stat) ? true : (this.refuse(dir, outcome), false);
    } catch {
      return false;
    }
  }

  /** A file's bytes, when it is a regular file of this user's with mode 0600 in such a directory (never a link). */
  private readOurs(dir: string, file: string): Buffer | undefined {
    if (!this.isOurDir(dir)) return undefined;
    let fd: number;
    try {
      fd = openSync(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
    } catch {
      return undefined;
    }
    try {
      const stat = fstatSync(fd);
      if (!stat.isFile() || !ours(stat)) return this.refuse(file);
      return readFileSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  private keyOfMachine(): Buffer {
    this.machineKey ??= Buffer.from(crypto().hkdfSync('sha256', machineSecret(), CONTEXT, 'key', 32));
    return this.machineKey;
  }

  /**
   * Where pads are written: the pad directory, made if need be, when it and the directory it is in
   * (the runtime directory's `authui`, or what stands in for it in `/dev/shm`) are ours alone.
   * Otherwise (none, no `/dev/shm`, another user's directory under the name) files are sealed
   * with AES; a read follows how its file was sealed.
   */
  padsAt(): string | undefined {
    const { padDir } = this.opts;
    if (padDir === undefined) return undefined;
    try {
      mkdirSync(padDir, { recursive: true, mode: 0o700 });
    } catch {
      return undefined;
    }
    const ourAlone = (dir: string) => this.isOurDir(dir, 'its files are sealed with AES instead');
    return ourAlone(dirname(padDir)) && ourAlone(padDir) ? padDir : undefined;
  }

  private seal(session: CachedSession): SealedFile {
    const plain = Buffer.from(JSON.stringify(session), 'utf8');
    const padDir = this.padsAt();
    if (padDir !== undefined) {
      const pad = crypto().randomBytes(plain.length);
      writeFileAtomic(this.padFile(padDir, session.id), pad, 0o600);
      return { v: 1, pad: xor(plain, pad).toString('base64') };
    }
    const iv = crypto().randomBytes(12);
    const cipher = crypto()
      .createCipheriv('aes-256-gcm', this.keyOfMachine(), iv)
      .setAAD(Buffer.from(`${CONTEXT}\0${session.id}`));
    const data = Buffer.concat([cipher.update(plain), cipher.final()]);
    return {
      v: 1,
      aes: data.toString('base64'),
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
    };
  }

  /** The session a file holds, when it opens and names `id`; undefined otherwise. */
  private open(id: string, sealed: SealedFile): CachedSession | undefined {
    let plain: Buffer;
    if ('pad' in sealed) {
      const { padDir } = this.opts;
      const data = Buffer.from(sealed.pad, 'base64');
      const pad = padDir === undefined ? undefined : this.readOurs(padDir, this.padFile(padDir, id));
      if (pad === undefined || pad.length !== data.length) return undefined;
      plain = xor(data, pad);
    } else {
      const decipher = crypto()
        .createDecipheriv('aes-256-gcm', this.keyOfMachine(), Buffer.from(sealed.iv, 'base64'))
        .setAAD(Buffer.from(`${CONTEXT}\0${id}`))
        .setAuthTag(Buffer.from(sealed.tag, 'base64'));
      plain = Buffer.concat([decipher.update(Buffer.from(sealed.aes, 'base64')), decipher.final()]);
    }
    const session = JSON.parse(plain.toString('utf8')) as CachedSession;
    return session.id === id ? session : undefined;
  }

  /** A file's session, when it opens, names `id` and has not expired. */
  private load(id: string): CachedSession | undefined {
    if (!this.opts.enabled) return undefined;
    const bytes = this.readOurs(this.opts.dir, this.file(id));
    if (bytes === undefined) return undefined;
    let cached: CachedSession | undefined;
    try {
      cached = this.open(id, JSON.parse(bytes.toString('utf8')) as SealedFile);
    } catch {
      return undefined; // damaged, changed, or sealed with a key or pad that is gone
    }
    if (!cached || !(Date.parse(cached.expiresAt) > this.clock.now())) return undefined;
    return typeof cached.yields === 'object' && cached.yields !== null ? cached : undefined;
  }

  /** The cached yields when they belong to the indexed session `meta` and it has not expired. */
  read(id: string, meta: Pick<SessionMeta, 'obtainedAt' | 'expiresAt'>): Yields | undefined {
    if (!meta.expiresAt) return undefined;
    const cached = this.load(id);
    if (!cached || cached.obtainedAt !== meta.obtainedAt || cached.expiresAt !== meta.expiresAt) return undefined;
    return cached.yields;
  }

  /**
   * What an integration made from session `id` (`what`: an ECR login), while it lasts and only
   * as long as that session is the one made at `obtainedAt`: a new login or a logout ends it.
   */
  readDerived(id: string, what: string, obtainedAt: string): { yields: Yields; expiresAt: string } | undefined {
    const cached = this.load(derivedId(id, what));
    return cached && cached.obtainedAt === obtainedAt
      ? { yields: cached.yields, expiresAt: cached.expiresAt }
      : undefined;
  }

  writeDerived(id: string, what: string, obtainedAt: string, expiresAt: string, yields: Yields): void {
    this.write(derivedId(id, what), { obtainedAt, expiresAt }, yields);
  }

  /** Caches a saved session's short-lived yields; a session without expiry is never cached. */
  write(id: string, meta: Pick<SessionMeta, 'obtainedAt' | 'expiresAt'>, yields: Yields): void {
    const short = Object.fromEntries(
      CACHED_TYPES.filter((k) => yields[k] !== undefined).map((k) => [k, yields[k]]),
    ) as Yields;
    if (!this.opts.enabled || !meta.expiresAt || Object.keys(short).length === 0) return this.remove([id]);
    try {
      mkdirSync(this.opts.dir, { recursive: true, mode: 0o700 });
      if (!this.isOurDir(this.opts.dir)) return; // a secret never goes into a directory another user controls
      const sealed = this.seal({ id, obtainedAt: meta.obtainedAt, expiresAt: meta.expiresAt, yields: short });
      writeFileAtomic(this.file(id), JSON.stringify(sealed), 0o600);
    } catch {
      // Without the cache the next tool call reads the store: slower, never wrong.
      this.remove([id]);
    }
  }

  /** Removes the sessions' files and pads, and what integrations made from them. */
  remove(ids: readonly string[]): void {
    const { padDir } = this.opts;
    const derived = (dir: string) => {
      try {
        return readdirSync(dir).filter((f) => ids.some((id) => f.startsWith(`${pathSegment(id)}${DERIVED}`)));
      } catch {
        return [];
      }
    };
    const files = [
      ...ids.map((id) => this.file(id)),
      ...derived(this.opts.dir).map((f) => join(this.opts.dir, f)),
      ...(padDir === undefined
        ? []
        : [...ids.map((id) => this.padFile(padDir, id)), ...derived(padDir).map((f) => join(padDir, f))]),
    ];
    for (const file of files) {
      try {
        rmSync(file, { force: true });
      } catch {
        // An unremovable file is also unreadable as a session once the index moves on.
      }
    }
  }
}
