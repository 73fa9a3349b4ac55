// Where authui keeps things on disk, resolved from an injected env.
// The same XDG rules on every platform (docs/platforms.md, "XDG everywhere"), with that
// platform's path syntax; tests pass another platform to check Windows' on Linux.
import { posix, win32, join, resolve } from 'node:path';
import { AuthError } from './errors.js';

export type Env = Readonly<Record<string, string | undefined>>;

function home(env: Env): string {
  // node:os only without HOME: loading it costs every command more than working out its paths.
  return env.HOME || process.getBuiltinModule('node:os').homedir();
}

/** The XDG base directory, normalised. */
function xdg(env: Env, variable: string, fallback: string, path: typeof posix = posix): string {
  const value = env[variable];
  // The XDG spec says relative values are invalid and must be ignored.
  return value && path.isAbsolute(value)
    ? path.join(value)
    : path.join(path === win32 ? env.USERPROFILE || home(env) : home(env), fallback);
}

/** `name` inside `dir` (normalised, from xdg): what join would give, without scanning `dir`. */
function beneath(dir: string, name: string, sep = posix.sep): string {
  return dir.endsWith(sep) ? `${dir}${name}` : `${dir}${sep}${name}`;
}

/** Windows' named pipes (the broker's there): no file to stat, chmod or remove. */
export function isNamedPipe(path: string): boolean {
  return path.startsWith('\\\\.\\pipe\\');
}

/** A short, stable name for a text (FNV-1a; a name, not a secret: no node:crypto on the hot paths). */
function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, '0');
}

/**
 * What stands in for the runtime directory where there is none: memory on Linux (`/dev/shm`,
 * emptied at reboot), else the per-user temporary directory macOS and Windows give each account
 * (`$TMPDIR` under /var/folders, `%TEMP%`). The session cache's pads go there, apart from the
 * state directory (a copy of it carries none), and the prompt broker's socket, whose path a
 * Unix socket limits to about a hundred bytes (a deep state directory is over) and which some
 * network file systems holding home directories refuse. One directory per user and state
 * directory, named by a hash, since `/dev/shm` is every user's: what is kept there is used only
 * while it is ours alone (README, "The short-lived session cache, and its threat model").
 */
function runtimeStandIn(env: Env, platform: NodeJS.Platform, stateDir: string): string | undefined {
  const path = platform === 'win32' ? win32 : posix;
  const bases: Partial<Record<NodeJS.Platform, string | undefined>> = {
    linux: '/dev/shm',
    darwin: env.TMPDIR,
    win32: env.TEMP,
  };
  const base = bases[platform];
  if (!base || !path.isAbsolute(base)) return undefined;
  const user = platform === 'win32' ? (env.USERNAME ?? '') : String(process.getuid?.() ?? '');
  return beneath(path.join(base), `authui-${shortHash(`${user}\0${stateDir}`)}`, path.sep);
}

export interface AuthuiPaths {
  configDir: string;
  stateDir: string;
  cacheDir: string;
  dataDir: string;
  auditLog: string;
  sessionIndex: string;
  locksDir: string;
  fileStore: string;
  /** Project configurations the user trusted (config/trust.ts). */
  trustFile: string;
  /** The short-lived session cache's files (session-cache.ts), encrypted. */
  sessionCache: string;
  /**
   * The session cache's one-time pads: in the runtime directory (memory, gone at logout), or what
   * stands in for it (runtimeStandIn); absent where there is neither.
   */
  sessionCachePads?: string;
  /** The prompt broker's socket (app/broker-protocol.ts): in the runtime directory or its stand-in, else the state directory. */
  brokerSocket: string;
  /** Parsed configurations, by file (config/load.ts). */
  configCache: string;
  /** OpenID Connect discovery documents, by issuer (kinds/oidc/server.ts). */
  discoveryCache: string;
  /** The last keyring probe's answer (stores/open.ts). */
  keyringProbe: string;
  /** V8 code caches of the bundles (src/bin.ts). */
  codeCache: string;
}

/**
 * Where everything is, for this environment: worked out once per run, when the app is made
 * (app/app.ts), and handed to what needs it.
 */
export function resolvePaths(env: Env, platform: NodeJS.Platform = process.platform): Readonly<AuthuiPaths> {
  const path = platform === 'win32' ? win32 : posix;
  const under = (dir: string, name: string) => beneath(dir, name, path.sep);
  const configDir = under(xdg(env, 'XDG_CONFIG_HOME', '.config', path), 'authui');
  const stateDir = under(xdg(env, 'XDG_STATE_HOME', '.local/state', path), 'authui');
  const cacheDir = under(xdg(env, 'XDG_CACHE_HOME', '.cache', path), 'authui');
  const dataDir = under(xdg(env, 'XDG_DATA_HOME', '.local/share', path), 'authui');
  // The runtime directory is the user's alone and emptied at logout: the place for what lives
  // no longer than a login session. A relative value is ignored, as for the others.
  const runtime =
    env.XDG_RUNTIME_DIR && path.isAbsolute(env.XDG_RUNTIME_DIR)
      ? under(path.join(env.XDG_RUNTIME_DIR), 'authui')
      : runtimeStandIn(env, platform, stateDir);
  // Windows listens on named pipes, not socket files: one per user and state directory.
  const brokerSocket =
    platform === 'win32'
      ? `\\\\.\\pipe\\authui-broker-${shortHash(`${env.USERNAME ?? ''}\0${stateDir}`)}`
      : under(runtime ?? stateDir, 'broker.sock');
  return Object.freeze({
    configDir,
    stateDir,
    cacheDir,
    dataDir,
    auditLog: under(stateDir, 'audit.jsonl'),
    sessionIndex: under(stateDir, 'sessions.json'),
    locksDir: under(stateDir, 'locks'),
    fileStore: under(dataDir, 'store.enc'),
    trustFile: under(stateDir, 'trusted.json'),
    sessionCache: under(stateDir, 'session-cache'),
    ...(runtime ? { sessionCachePads: under(runtime, 'session-pads') } : {}),
    brokerSocket,
    configCache: under(cacheDir, 'config'),
    discoveryCache: under(cacheDir, 'oidc'),
    keyringProbe: under(cacheDir, 'keyring-probe.json'),
    codeCache: under(cacheDir, 'code-cache'),
  });
}

/** Expands a leading "~" and checks a user-supplied path (files.base_path, keyring spec.path). */
export function validateUserPath(raw: string, env: Env, what: string): string {
  const value = raw.trim();
  if (value === '') {
    throw new AuthError('invalid_config', `${what} is empty`, { hint: `Set ${what} to a path, e.g. ~/.aws/authui` });
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000\r\n]/.test(value)) {
    throw new AuthError('invalid_config', `${what} contains a NUL or line break`, {
      hint: `Set ${what} to a plain path`,
    });
  }
  const expanded = value === '~' ? home(env) : value.startsWith('~/') ? join(home(env), value.slice(2)) : value;
  return resolve(expanded);
}
