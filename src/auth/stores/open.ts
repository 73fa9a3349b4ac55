// Chooses the credential store: `system` is probed and falls back to
// the encrypted file with one clear line; the choice is reported, never hidden.
import type { Clock } from '../clock.js';
import type { Config, KeyringType } from '../config/types.js';
import type { AuthuiPaths, Env } from '../paths.js';
import { rmSync } from 'node:fs';
import { AuditLog } from '../audit.js';
import { debug } from '../debug.js';
import { writeFileAtomic } from '../fs-atomic.js';
import { isoTime } from '../iso-time.js';
import { fileStorePath, rememberedProbe, requestedType, storePasswordVariable, type ProbeMemo } from './backend.js';
import { FileStore } from './file.js';
import { MemoryStore } from './memory.js';
import { probeSystemKeyring, SystemStore } from './system.js';
import type { CredentialStore } from './types.js';

export interface OpenedStore {
  store: CredentialStore;
  requested: KeyringType;
  /** Why the requested backend is not the one in use (one line), if it is not. */
  fallbackReason?: string;
  warnings: string[];
}

export interface OpenStoreOptions {
  config: Pick<Config, 'keyring'>;
  env: Env;
  paths: Readonly<AuthuiPaths>;
  clock: Clock;
  probeTimeoutMs?: number;
}

function fileStore(opts: OpenStoreOptions, warnings: string[]): FileStore {
  const { paths } = opts;
  const passwordVar = storePasswordVariable(opts.config);
  const password = opts.env[passwordVar] || undefined;
  const path = fileStorePath(opts);
  const store = new FileStore({
    path,
    locksDir: paths.locksDir,
    password,
    passwordVar,
    clock: opts.clock,
    onWarning: (m) => warnings.push(m),
    onMovedAside: (message) =>
      new AuditLog(paths.auditLog).append({
        time: isoTime(opts.clock.now()),
        event: 'store',
        target: 'store',
        outcome: 'warning',
        detail: message,
      }),
  });
  const movedAside = store.movedAside()?.message;
  if (movedAside) warnings.push(movedAside);
  return store;
}

export async function openCredentialStore(opts: OpenStoreOptions): Promise<OpenedStore> {
  const opened = await open(opts);
  debug(
    'store',
    {
      backend: opened.store.backend,
      requested: opened.requested,
      location: opened.store.location,
      fallback: opened.fallbackReason,
    },
    opts.env,
  );
  return opened;
}

async function open(opts: OpenStoreOptions): Promise<OpenedStore> {
  const requested = requestedType(opts);
  const warnings: string[] = [];
  if (requested === 'memory') return { store: new MemoryStore(), requested, warnings };
  if (requested === 'file') return { store: fileStore(opts, warnings), requested, warnings };
  const memoPath = opts.paths.keyringProbe;
  const forget = () => {
    try {
      rmSync(memoPath, { force: true });
    } catch {
      // A memo that cannot be removed (its directory is a file) was never written either.
    }
  };
  if (rememberedProbe(opts, opts.clock.now()))
    return { store: new SystemStore(undefined, forget), requested, warnings };
  const probe = await probeSystemKeyring(opts.env, opts.probeTimeoutMs, undefined, forget);
  if (probe.ok) {
    try {
      writeFileAtomic(
        memoPath,
        JSON.stringify({
          bus: opts.env.DBUS_SESSION_BUS_ADDRESS ?? null,
          platform: process.platform,
          at: opts.clock.now(),
        } satisfies ProbeMemo),
      );
    } catch {
      // Not remembering only costs the next command a probe.
    }
    return { store: probe.store, requested, warnings };
  }
  forget();
  const store = fileStore(opts, warnings);
  const fallbackReason = `System keyring unavailable: ${probe.reason}. Using the encrypted file store at ${store.location} (set AUTHUI_KEYRING=file to skip this check, or unlock your keyring).`;
  return { store, requested, fallbackReason, warnings };
}
