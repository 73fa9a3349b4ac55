// Finds the configuration and returns it validated, its kinds loaded. A cache keyed by the
// file's path, size and mtime lets the fast paths skip yaml and zod entirely.
import { withDiscovered } from './discovered.js';
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AuthError } from '../errors.js';
import { writeFileAtomic } from '../fs-atomic.js';
import { loadKinds, sharedKindName } from '../kinds/registry.js';
import type { AuthuiPaths, Env } from '../paths.js';
import { visible } from '../visible.js';
import { debug } from '../debug.js';
import { contentDigest, isTrusted, type ConfigOrigin } from './trust.js';
import type { Config, ConfigIssue } from './types.js';
import type { ConfigFormat, ParseResult } from './parse.js';

export interface LoadConfigOptions {
  /** --config PATH */
  configPath?: string;
  env: Env;
  cwd: string;
  paths: Readonly<AuthuiPaths>;
  /** Skip the cache (validate always re-parses). */
  noCache?: boolean;
}

interface Candidate {
  path: string;
  format: ConfigFormat;
  /** Explicit paths must exist; discovered ones are skipped when absent. */
  explicit: boolean;
  /** How it is named in messages. */
  origin: string;
  /** Whose it is: a project's file is untrusted until `authui trust` (config/trust.ts). */
  owner: ConfigOrigin;
}

// Bump whenever Config's shape changes: an old cache entry then reads as a miss.
const CACHE_VERSION = 7;

function candidates(opts: LoadConfigOptions): Candidate[] {
  const list: Candidate[] = [];
  if (opts.configPath)
    return [
      {
        path: resolve(opts.cwd, opts.configPath),
        format: formatOf(opts.configPath),
        explicit: true,
        origin: '--config',
        owner: 'named',
      },
    ];
  if (opts.env.AUTHUI_CONFIG)
    return [
      {
        path: resolve(opts.cwd, opts.env.AUTHUI_CONFIG),
        format: formatOf(opts.env.AUTHUI_CONFIG),
        explicit: true,
        origin: 'AUTHUI_CONFIG',
        owner: 'named',
      },
    ];
  list.push({
    path: join(opts.cwd, 'authui.yaml'),
    format: 'authui',
    explicit: false,
    origin: './authui.yaml',
    owner: 'project',
  });
  list.push({
    path: join(opts.cwd, 'atmos.yaml'),
    format: 'atmos',
    explicit: false,
    origin: './atmos.yaml',
    owner: 'project',
  });
  list.push({
    path: join(opts.paths.configDir, 'config.yaml'),
    format: 'authui',
    explicit: false,
    origin: '$XDG_CONFIG_HOME/authui/config.yaml',
    owner: 'user',
  });
  return list;
}

function formatOf(path: string): ConfigFormat {
  return /(^|[\\/])atmos\.ya?ml$/.test(path) ? 'atmos' : 'authui';
}

export class ConfigError extends AuthError {
  constructor(readonly issues: ConfigIssue[]) {
    const first = issues[0];
    super('invalid_config', `Configuration has ${issues.length} problem${issues.length === 1 ? '' : 's'}`, {
      explanation: issues.map(formatIssue).join('\n'),
      hint: first?.hint
        ? `Fix the file and run "authui validate"`
        : 'Run "authui validate" to check the configuration.',
      context: first ? { file: first.file } : {},
    });
  }
}

export function formatIssue(issue: ConfigIssue): string {
  const where = `${issue.file}:${issue.line}:${issue.column}`;
  // One line each, sanitised: the key path, an unknown kind and the message quote the file.
  const key = issue.key ? ` ${visible(issue.key)}:` : '';
  return `${visible(where)}: ${issue.severity}:${key} ${visible(issue.message)}${issue.hint ? `\n  hint: ${visible(issue.hint)}` : ''}`;
}

interface CacheEntry {
  version: number;
  path: string;
  size: number;
  mtimeMs: number;
  ino: number;
  config: Config | null;
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

function cachePath(paths: Readonly<AuthuiPaths>, path: string): string {
  return join(paths.configCache, `${pathDigest(path)}.json`);
}

function readCache(
  paths: Readonly<AuthuiPaths>,
  path: string,
  stat: { size: number; mtimeMs: number; ino: number },
): CacheEntry | undefined {
  try {
    const entry = JSON.parse(readFileSync(cachePath(paths, path), 'utf8')) as CacheEntry;
    if (
      entry.version === CACHE_VERSION &&
      entry.path === path &&
      entry.size === stat.size &&
      entry.mtimeMs === stat.mtimeMs &&
      entry.ino === stat.ino
    )
      return entry;
  } catch {
    // Missing or unreadable cache: parse the file.
  }
  return undefined;
}

function writeCache(paths: Readonly<AuthuiPaths>, entry: CacheEntry): void {
  try {
    writeFileAtomic(cachePath(paths, entry.path), JSON.stringify(entry));
  } catch {
    // A cache we cannot write only costs speed.
  }
}

/** Gives every node the registry's string for its kind's name (one string per kind, not per node). */
function shareKindNames(config: Config): Config {
  for (const node of config.nodes) node.kind = sharedKindName(node.kind);
  return config;
}

/** The config as this run sees it: whose it is, and whether it is trusted (never cached). */
function withOrigin(
  config: Config,
  origin: ConfigOrigin,
  digest: string,
  opts: LoadConfigOptions,
  cache: 'hit' | 'miss',
): Config {
  const trusted = origin !== 'project' || isTrusted(opts.paths.trustFile, config.source.path, digest);
  debug('config', { path: config.source.path, format: config.source.format, origin, trusted, cache }, opts.env);
  // What auto-provisioning providers discovered at their last login (never cached with the file).
  return withDiscovered({ ...config, source: { ...config.source, origin, digest, trusted } }, opts.paths);
}

/** Parses one file (slow path: loads yaml and zod on demand), with the digest of its text. */
async function parseConfigFile(path: string, format: ConfigFormat): Promise<{ result: ParseResult; digest: string }> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw unreadable(path, error);
  }
  const { parseConfigText } = await import('./parse.js');
  return { result: await parseConfigText(text, path, format), digest: contentDigest(text) };
}

function unreadable(path: string, error: unknown): AuthError {
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

const NO_CONFIGURATION = 'No authui configuration found';

/** Whether an error is "there is no configuration at all" (not a broken one). */
export function isNoConfiguration(error: unknown): boolean {
  return error instanceof AuthError && error.message === NO_CONFIGURATION;
}

/**
 * The size of the first configuration file there is, as loadConfig looks for them (undefined when
 * there is none): a stat, nothing read. A file without an `auth:` section, which loadConfig
 * passes over, counts here.
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

export async function loadConfig(opts: LoadConfigOptions): Promise<Config> {
  const looked: string[] = [];
  for (const candidate of candidates(opts)) {
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
    if (cached) {
      if (cached.config) {
        const config = withOrigin(
          shareKindNames(cached.config),
          candidate.owner,
          cached.config.source.digest,
          opts,
          'hit',
        );
        return adoptConfig(config);
      }
      looked.push(`${candidate.origin} (no auth: section)`);
      continue;
    }
    const { result, digest } = await parseConfigFile(candidate.path, candidate.format);
    // The cache entry for this file as it is now: its config, or null for "no auth: section".
    const remember = (config: Config | null) =>
      writeCache(opts.paths, {
        version: CACHE_VERSION,
        path: candidate.path,
        size: stat.size,
        mtimeMs: stat.mtimeMs,
        ino: stat.ino,
        config,
      });
    if (result.noAuthSection) {
      remember(null);
      looked.push(`${candidate.origin} (no auth: section)`);
      continue;
    }
    if (!result.config) throw new ConfigError(result.issues.filter((i) => i.severity === 'error'));
    const config = { ...result.config, source: { ...result.config.source, digest } };
    remember(config);
    return withOrigin(shareKindNames(config), candidate.owner, digest, opts, 'miss');
  }
  throw new AuthError('invalid_config', NO_CONFIGURATION, {
    explanation: `Looked in: ${looked.join(', ')}.`,
    hint: 'Create ./authui.yaml (see the README for an example), or pass --config PATH. Try "authui demo" to see authui on a sample setup.',
  });
}

/**
 * A configuration this process loaded already, validated, as plain data (the dashboard's first
 * frame hands its own to the dashboard's bundle): only its kinds' modules are loaded.
 */
export async function adoptConfig(config: Config): Promise<Config> {
  await loadKinds(config.nodes.map((node) => node.kind));
  return config;
}
