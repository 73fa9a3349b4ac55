// Where authui keeps things on disk, resolved from an injected env.
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { AuthError } from './errors.js';

export type Env = Readonly<Record<string, string | undefined>>;

function home(env: Env): string {
  return env.HOME || homedir();
}

function xdg(env: Env, variable: string, fallback: string): string {
  const value = env[variable];
  // The XDG spec says relative values are invalid and must be ignored.
  return value && isAbsolute(value) ? value : join(home(env), fallback);
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
}

export function resolvePaths(env: Env): AuthuiPaths {
  const configDir = join(xdg(env, 'XDG_CONFIG_HOME', '.config'), 'authui');
  const stateDir = join(xdg(env, 'XDG_STATE_HOME', '.local/state'), 'authui');
  const cacheDir = join(xdg(env, 'XDG_CACHE_HOME', '.cache'), 'authui');
  const dataDir = join(xdg(env, 'XDG_DATA_HOME', '.local/share'), 'authui');
  return {
    configDir,
    stateDir,
    cacheDir,
    dataDir,
    auditLog: join(stateDir, 'audit.jsonl'),
    sessionIndex: join(stateDir, 'sessions.json'),
    locksDir: join(stateDir, 'locks'),
    fileStore: join(dataDir, 'store.enc'),
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
