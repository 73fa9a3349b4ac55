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
  /** The short-lived session cache's files (session-cache.ts), encrypted. */
  sessionCache: string;
  /** The session cache's one-time pads, in the runtime directory (memory, gone at logout); absent without one. */
  sessionCachePads?: string;
  /** The prompt broker's socket (app/broker-protocol.ts): in the runtime directory when there is one. */
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
export function resolvePaths(env: Env): Readonly<AuthuiPaths> {
  const configDir = beneath(xdg(env, 'XDG_CONFIG_HOME', '.config'), 'authui');
  const stateDir = beneath(xdg(env, 'XDG_STATE_HOME', '.local/state'), 'authui');
  const cacheDir = beneath(xdg(env, 'XDG_CACHE_HOME', '.cache'), 'authui');
  const dataDir = beneath(xdg(env, 'XDG_DATA_HOME', '.local/share'), 'authui');
  // The runtime directory is the user's alone and emptied at logout: the place for what lives
  // no longer than a login session. A relative value is ignored, as for the others.
  const runtime =
    env.XDG_RUNTIME_DIR && isAbsolute(env.XDG_RUNTIME_DIR) ? beneath(join(env.XDG_RUNTIME_DIR), 'authui') : undefined;
  return Object.freeze({
    configDir,
    stateDir,
    cacheDir,
    dataDir,
    auditLog: beneath(stateDir, 'audit.jsonl'),
    sessionIndex: beneath(stateDir, 'sessions.json'),
    locksDir: beneath(stateDir, 'locks'),
    fileStore: beneath(dataDir, 'store.enc'),
    trustFile: beneath(stateDir, 'trusted.json'),
    sessionCache: beneath(stateDir, 'session-cache'),
    ...(runtime ? { sessionCachePads: beneath(runtime, 'session-pads') } : {}),
    brokerSocket: beneath(runtime ?? stateDir, 'broker.sock'),
    configCache: beneath(cacheDir, 'config'),
    discoveryCache: beneath(cacheDir, 'oidc'),
    keyringProbe: beneath(cacheDir, 'keyring-probe.json'),
    codeCache: beneath(cacheDir, 'code-cache'),
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
