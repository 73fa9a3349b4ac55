// The credential-store backends every store-facing test runs against. The system backend is a
// real Secret Service (gnome-keyring under dbus-run-session in CI); without one it is skipped,
// except under AUTHUI_REQUIRE_KEYRING=1 (.ci/run), where a missing keyring is a failure.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { systemClock } from '../../src/auth/clock.js';
import { FileStore } from '../../src/auth/stores/file.js';
import { MemoryStore } from '../../src/auth/stores/memory.js';
import { probeSystemKeyring, SystemStore } from '../../src/auth/stores/system.js';
import type { CredentialStore } from '../../src/auth/stores/types.js';
import { tempDir } from './tmp.js';

const probe = await probeSystemKeyring(process.env, 5_000);
export const keyringMissing = probe.ok ? undefined : probe.reason;
if (keyringMissing && process.env.AUTHUI_REQUIRE_KEYRING === '1')
  throw new Error(`AUTHUI_REQUIRE_KEYRING=1 but the system keyring is unavailable: ${keyringMissing}`);

/** A keyring service of its own per run, so tests never see (or remove) real authui entries. */
export function testService(): string {
  return `authui-test-${process.pid}-${randomBytes(3).toString('hex')}`;
}

export interface Backend {
  name: string;
  skip?: string;
  make(): Promise<CredentialStore>;
}

function fileStore(password?: string): CredentialStore {
  const dir = tempDir();
  return new FileStore({
    path: join(dir, 'store.enc'),
    locksDir: join(dir, 'locks'),
    password,
    clock: systemClock,
    onWarning: () => {},
  });
}

export const BACKENDS: Backend[] = [
  { name: 'memory', make: async () => new MemoryStore() },
  { name: 'file (machine key)', make: async () => fileStore() },
  { name: 'file (password)', make: async () => fileStore('correct horse battery') },
  { name: 'system keyring', skip: keyringMissing, make: async () => new SystemStore(testService()) },
];

export function backendTitle(backend: Backend): string {
  return backend.skip ? `${backend.name} store (skipped: ${backend.skip})` : `${backend.name} store`;
}
