// Which credential store a process would open, worked out without opening one: the backend asked
// for, where the file store is, and whether a probe of the system keyring is remembered. The
// store's opener (stores/open.ts) acts on it; a session-cache answer (src/answer-main.ts) answers
// only where opening would change nothing it prints.
import { readFileSync } from 'node:fs';
import type { Config, KeyringType } from '../config/types.js';
import { AuthError } from '../errors.js';
import { validateUserPath, type AuthuiPaths, type Env } from '../paths.js';

export interface BackendChoice {
  config: Pick<Config, 'keyring'>;
  env: Env;
  paths: Readonly<AuthuiPaths>;
}

/** The variable holding the file store's password: it opens every secret, so no child gets it. */
export function storePasswordVariable(config: Pick<Config, 'keyring'>): string {
  return config.keyring.passwordEnv ?? 'AUTHUI_KEYRING_PASSWORD';
}

export function requestedType({ config, env }: BackendChoice): KeyringType {
  const fromEnv = env.AUTHUI_KEYRING;
  if (fromEnv === undefined || fromEnv === '') return config.keyring.type;
  if (fromEnv === 'system' || fromEnv === 'file' || fromEnv === 'memory') return fromEnv;
  throw new AuthError('invalid_config', `AUTHUI_KEYRING=${JSON.stringify(fromEnv)} is not a credential backend`, {
    hint: 'Use AUTHUI_KEYRING=system, file or memory.',
  });
}

/** The encrypted file store's path: `auth.keyring.spec.path`, or the data directory's. */
export function fileStorePath({ config, env, paths }: BackendChoice): string {
  return config.keyring.path ? validateUserPath(config.keyring.path, env, 'auth.keyring.spec.path') : paths.fileStore;
}

/** Where the file store records that its file was moved aside (stores/file.ts). */
export function movedAsideNotice(storePath: string): string {
  return `${storePath}.moved-aside.json`;
}

/**
 * A successful probe is remembered for a while per D-Bus session, so every command does not pay
 * for three keyring round trips; any keyring failure forgets it. Failures are never remembered:
 * a keyring that was locked is probed again next time.
 */
const PROBE_REMEMBER_MS = 10 * 60_000;

export interface ProbeMemo {
  bus: string | null;
  platform: string;
  at: number;
}

/** Whether a probe of the system keyring from this D-Bus session is remembered as good at `now`. */
export function rememberedProbe({ env, paths }: Omit<BackendChoice, 'config'>, now: number): boolean {
  try {
    const memo = JSON.parse(readFileSync(paths.keyringProbe, 'utf8')) as ProbeMemo;
    const age = now - memo.at;
    return (
      memo.platform === process.platform &&
      memo.bus === (env.DBUS_SESSION_BUS_ADDRESS ?? null) &&
      age >= 0 &&
      age < PROBE_REMEMBER_MS
    );
  } catch {
    return false;
  }
}
