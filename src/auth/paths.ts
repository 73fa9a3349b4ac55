// Where authui keeps things on disk, resolved from an injected env.
import { homedir } from 'node:os';
import { isAbsolute, join, resolve, sep } from 'node:path';
import { AuthError } from './errors.js';

export type Env = Readonly<Record<string, string | undefined>>;

function home(env: Env): string {
  return env.HOME || homedir();
}

/** The XDG base directory, normalised. */
function xdg(env: Env, variable: string, fallback: string): string {
  const value = env[variable];
  // The XDG spec says relative values are invalid and must be ignored.
  return value && isAbsolute(value) ? join(value) : join(home(env), fallback);
}

/** `name` inside `dir` (normalised, from xdg): what join would give, without scanning `dir`. */
function beneath(dir: string, name: string): string {
  return dir.endsWith(sep) ? `${dir}${name}` : `${dir}${sep}${name}`;
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
}

/** The last answer of resolvePaths and what it was computed from (see below). */
let last: { key: string; paths: Readonly<AuthuiPaths> } | undefined;

/**
 * Where everything is, for this environment. A command asks this from a dozen places; the
 * answer is kept for the last set of inputs, and only the four bases go through `join`:
 * every `join` scans the whole path, and with long paths that many scans made V8 compile
 * node:path's `normalizeString` with its optimising compiler in the middle of a hot-path call
 * (docs/architecture.md, "Start-up").
 */
export function resolvePaths(env: Env): Readonly<AuthuiPaths> {
  const key = [env.HOME, env.XDG_CONFIG_HOME, env.XDG_STATE_HOME, env.XDG_CACHE_HOME, env.XDG_DATA_HOME].join('\0');
  if (last?.key !== key) last = { key, paths: Object.freeze(computePaths(env)) };
  return last.paths;
}

function computePaths(env: Env): AuthuiPaths {
  const configDir = beneath(xdg(env, 'XDG_CONFIG_HOME', '.config'), 'authui');
  const stateDir = beneath(xdg(env, 'XDG_STATE_HOME', '.local/state'), 'authui');
  const cacheDir = beneath(xdg(env, 'XDG_CACHE_HOME', '.cache'), 'authui');
  const dataDir = beneath(xdg(env, 'XDG_DATA_HOME', '.local/share'), 'authui');
  return {
    configDir,
    stateDir,
    cacheDir,
    dataDir,
    auditLog: beneath(stateDir, 'audit.jsonl'),
    sessionIndex: beneath(stateDir, 'sessions.json'),
    locksDir: beneath(stateDir, 'locks'),
    fileStore: beneath(dataDir, 'store.enc'),
    trustFile: beneath(stateDir, 'trusted.json'),
  };
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
