// Where the configuration is and what its cache entry says: the search order, the cache keyed by
// the file's path, size, mtime and inode, and whose the file is (trust). loadConfig (load.ts)
// parses on a miss; the session-cache answers (src/answer-main.ts) stop there. Nothing here loads
// yaml, zod or a kind's module.
import { statSync, type Stats } from 'node:fs';
import { join, resolve } from 'node:path';
import { AuthError } from '../errors.js';
import type { AuthuiPaths, Env } from '../paths.js';
import { debug } from '../debug.js';
import { readOwnJson } from '../fs-atomic.js';
import { withDiscovered } from './discovered.js';
import { isTrusted, type ConfigOrigin } from './trust.js';
import type { CredentialType } from '../credential-types.js';
import type { Config, ConfigIssue } from './types.js';

export interface LoadConfigOptions {
  /** --config PATH */
  configPath?: string;
  env: Env;
  cwd: string;
  paths: Readonly<AuthuiPaths>;
  /** Skip the cache (validate always re-parses). */
  noCache?: boolean;
  /**
   * Offered a file whose cache entry is missing or stale before this process parses it: 'parsed'
   * when it had the file parsed elsewhere and the entry written, the errors found when that parse
   * failed, undefined to leave the parse here (the dashboard: app/config-apart.ts).
   */
  parseElsewhere?: (size: number) => 'parsed' | { errors: ConfigIssue[] } | undefined;
}

export type ConfigFormat = Config['source']['format'];

export interface Candidate {
  path: string;
  format: ConfigFormat;
  /** Explicit paths must exist; discovered ones are skipped when absent. */
  explicit: boolean;
  /** How it is named in messages. */
  origin: string;
  /** Whose it is: a project's file is untrusted until `authui trust` (config/trust.ts). */
  owner: ConfigOrigin;
}

// Bump whenever Config's shape changes, what KindFacts records (a kind's `binding`, `provides`), or
// what validation accepts (10: refresh timers at most 24h): an old cache entry then reads as a miss.
export const CACHE_VERSION = 10;

/**
 * What the session-cache answers (src/answer-main.ts) need to know of the kinds, worked out with
 * their modules when the entry is written (engine/binding.ts), so that an answer needs none of them.
 */
export interface KindFacts {
  /** Per kind the configuration names: what it provides, and whether it binds its sessions to a server. */
  kinds: Record<string, { provides: readonly CredentialType[]; binds: boolean }>;
  /** Node id → the server its sessions are bound to, for every node of a kind that binds. */
  bindings: Record<string, string>;
}

export interface CacheEntry {
  version: number;
  path: string;
  size: number;
  mtimeMs: number;
  ino: number;
  config: Config | null;
  /** Absent for "no auth: section". */
  facts?: KindFacts;
}

function candidates(opts: LoadConfigOptions): Candidate[] {
  const named = opts.configPath
    ? { path: opts.configPath, origin: '--config' }
    : opts.env.AUTHUI_CONFIG
      ? { path: opts.env.AUTHUI_CONFIG, origin: 'AUTHUI_CONFIG' }
      : undefined;
  if (named)
    return [
      {
        path: resolve(opts.cwd, named.path),
        format: formatOf(named.path),
        explicit: true,
        origin: named.origin,
        owner: 'named',
      },
    ];
  return [
    {
      path: join(opts.cwd, 'authui.yaml'),
      format: 'authui',
      explicit: false,
      origin: './authui.yaml',
      owner: 'project',
    },
    { path: join(opts.cwd, 'atmos.yaml'), format: 'atmos', explicit: false, origin: './atmos.yaml', owner: 'project' },
    {
      path: join(opts.paths.configDir, 'config.yaml'),
      format: 'authui',
      explicit: false,
      origin: '$XDG_CONFIG_HOME/authui/config.yaml',
      owner: 'user',
    },
  ];
}

function formatOf(path: string): ConfigFormat {
  return /(^|[\\/])atmos\.ya?ml$/.test(path) ? 'atmos' : 'authui';
}

/**
 * FNV-1a over the path, twice with different offsets (64 bits in all): a file name, not a
 * security measure (the entry records its path and is checked against it). node:crypto would
 * cost every fast-path command its load time.
 */
function pathDigest(path: string): string {
  const fnv = (offset: number) => {
    let hash = offset;
    for (let i = 0; i < path.length; i++) hash = Math.imul(hash ^ path.charCodeAt(i), 0x01000193) >>> 0;
    return hash.toString(16).padStart(8, '0');
  };
  return fnv(0x811c9dc5) + fnv(0x050c5d1f);
}

export function cachePath(paths: Readonly<AuthuiPaths>, path: string): string {
  return join(paths.configCache, `${pathDigest(path)}.json`);
}

/** Where the rows `status` listed for the file are kept (engine/kept-status.ts). */
export function keptStatusPath(paths: Readonly<AuthuiPaths>, path: string): string {
  return join(paths.configCache, `${pathDigest(path)}.status.json`);
}

/**
 * The entry for the file as it is now. It is the configuration the engine acts on, so only an
 * entry of the user's own counts (readOwnFile, the code caches' rule); any other reads as a
 * miss, and the parse replaces it.
 */
function readCache(paths: Readonly<AuthuiPaths>, path: string, stat: Stats): CacheEntry | undefined {
  const entry = readOwnJson(cachePath(paths, path)) as Partial<CacheEntry> | null | undefined;
  if (
    entry?.version === CACHE_VERSION &&
    entry.path === path &&
    entry.size === stat.size &&
    entry.mtimeMs === stat.mtimeMs &&
    entry.ino === stat.ino
  )
    return entry as CacheEntry;
  return undefined; // missing, unreadable, another build's or of the file as it was: parse it
}

export function unreadable(path: string, error: unknown): AuthError {
  const code = (error as NodeJS.ErrnoException).code;
  return new AuthError(
    'invalid_config',
    `Cannot read configuration file ${path}: ${code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : code === 'ENOTFILE' ? 'it is not a regular file' : code === 'ENOENT' ? 'no such file' : String(code ?? error)}`,
    {
      hint:
        code === 'EACCES'
          ? `Check the file's permissions (chmod u+r "${path}").`
          : 'Pass an existing YAML file with --config or AUTHUI_CONFIG.',
      context: { file: path },
    },
  );
}

/** What the search found: a file with a cache entry, a file to parse, or nothing. */
export type Found =
  | { found: 'cached'; candidate: Candidate; config: Config; facts: KindFacts }
  | { found: 'uncached'; candidate: Candidate; stat: Stats; next: number }
  | { found: 'none' };

/**
 * Walks the search order from candidate `from`, passing over files that are absent (unless
 * named) or whose cache entry says they have no `auth:` section (each noted in `looked`). A
 * named file that cannot be read, or a path that is no file, throws.
 */
export function findConfig(opts: LoadConfigOptions, looked: string[], from = 0): Found {
  const list = candidates(opts);
  for (let at = from; at < list.length; at++) {
    const candidate = list[at] as Candidate;
    let stat;
    try {
      stat = statSync(candidate.path);
    } catch (error) {
      if (candidate.explicit) throw unreadable(candidate.path, error);
      looked.push(candidate.origin);
      continue;
    }
    if (!stat.isFile())
      throw unreadable(
        candidate.path,
        Object.assign(new Error(), { code: stat.isDirectory() ? 'EISDIR' : 'ENOTFILE' }),
      );
    const cached = opts.noCache ? undefined : readCache(opts.paths, candidate.path, stat);
    if (cached?.config && cached.facts)
      return { found: 'cached', candidate, config: cached.config, facts: cached.facts };
    // No entry, or one with a configuration but not the kinds' facts (not written by this build).
    if (!cached || cached.config) return { found: 'uncached', candidate, stat, next: at + 1 };
    looked.push(`${candidate.origin} (no auth: section)`);
  }
  return { found: 'none' };
}

/**
 * A configuration file over this is large (≈ 1,900 identities as `authui demo` writes them): the
 * dashboard's first frame leaves it to the dashboard (tui/first-frame.ts), which has a child
 * process parse it when its cache entry is stale (app/config-apart.ts). Below it, parsing in the
 * dashboard's own process is as fast (docs/startup.md, docs/performance.md).
 */
export const LARGE_CONFIG_BYTES = 256 * 1024;

/**
 * The size of the first configuration file there is, in the search order (undefined when there
 * is none): a stat, nothing read. A file without an `auth:` section, which loadConfig passes
 * over, counts here.
 */
export function configFileSize(opts: LoadConfigOptions): number | undefined {
  for (const candidate of candidates(opts)) {
    try {
      const stat = statSync(candidate.path);
      if (stat.isFile()) return stat.size;
    } catch {
      // Not there: the next one.
    }
  }
  return undefined;
}

/** The config as this run sees it: whose it is, and whether it is trusted (never cached). */
export function withOrigin(
  config: Config,
  candidate: Candidate,
  opts: LoadConfigOptions,
  cache: 'hit' | 'miss',
): Config {
  const { owner: origin } = candidate;
  const { path, format, digest } = config.source;
  const trusted = origin !== 'project' || isTrusted(opts.paths.trustFile, path, digest);
  debug('config', { path, format, origin, trusted, cache }, opts.env);
  // What auto-provisioning providers discovered at their last login (never cached with the file).
  return withDiscovered({ ...config, source: { ...config.source, origin, trusted } }, opts.paths);
}
