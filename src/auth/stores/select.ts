// Chooses the credential store (DESIGN.md section 3): `system` is probed and falls back to
// the encrypted file with one clear line; the choice is reported, never hidden.
import type { Clock } from '../clock.js';
import type { Config, KeyringType } from '../config/types.js';
import { AuthError } from '../errors.js';
import { resolvePaths, validateDirectoryPath, type Env } from '../paths.js';
import { FileStore } from './file.js';
import { MemoryStore } from './memory.js';
import { probeSystemKeyring } from './system.js';
import type { CredentialStore } from './types.js';

export interface StoreSelection {
  store: CredentialStore;
  requested: KeyringType;
  /** Why the requested backend is not the one in use (one line), if it is not. */
  fallbackReason?: string;
  warnings: string[];
}

export interface SelectStoreOptions {
  config: Pick<Config, 'keyring'>;
  env: Env;
  clock: Clock;
  probeTimeoutMs?: number;
}

function requestedType(opts: SelectStoreOptions): KeyringType {
  const fromEnv = opts.env.AUTHUI_KEYRING;
  if (fromEnv === undefined || fromEnv === '') return opts.config.keyring.type;
  if (fromEnv === 'system' || fromEnv === 'file' || fromEnv === 'memory') return fromEnv;
  throw new AuthError('invalid_config', `AUTHUI_KEYRING=${JSON.stringify(fromEnv)} is not a credential backend`, {
    hint: 'Use AUTHUI_KEYRING=system, file or memory.',
  });
}

function fileStore(opts: SelectStoreOptions, warnings: string[]): FileStore {
  const paths = resolvePaths(opts.env);
  const passwordVar = opts.config.keyring.passwordEnv ?? 'AUTHUI_KEYRING_PASSWORD';
  const password = opts.env[passwordVar] || undefined;
  const path = opts.config.keyring.path ? validateDirectoryPath(opts.config.keyring.path, opts.env, 'auth.keyring.spec.path') : paths.fileStore;
  return new FileStore({ path, locksDir: paths.locksDir, password, clock: opts.clock, onWarning: (m) => warnings.push(m) });
}

export async function selectCredentialStore(opts: SelectStoreOptions): Promise<StoreSelection> {
  const requested = requestedType(opts);
  const warnings: string[] = [];
  if (requested === 'memory') return { store: new MemoryStore(), requested, warnings };
  if (requested === 'file') return { store: fileStore(opts, warnings), requested, warnings };
  const probe = await probeSystemKeyring(opts.env, opts.probeTimeoutMs);
  if (probe.ok) return { store: probe.store, requested, warnings };
  const store = fileStore(opts, warnings);
  const fallbackReason = `System keyring unavailable: ${probe.reason}. Using the encrypted file store at ${store.location} (set AUTHUI_KEYRING=file to skip this check, or unlock your keyring).`;
  return { store, requested, fallbackReason, warnings };
}
