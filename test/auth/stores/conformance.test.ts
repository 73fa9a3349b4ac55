// One behaviour, three backends. The system backend runs against a real Secret Service
// (gnome-keyring under dbus-run-session in CI); without one it is reported as skipped.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/auth/clock.js';
import { FileStore } from '../../../src/auth/stores/file.js';
import { MemoryStore } from '../../../src/auth/stores/memory.js';
import { probeSystemKeyring, SystemStore } from '../../../src/auth/stores/system.js';
import type { CredentialStore } from '../../../src/auth/stores/types.js';
import { tempDir } from '../../helpers/tmp.js';

const probe = await probeSystemKeyring(process.env, 5_000);
const keyringMissing = probe.ok ? undefined : probe.reason;
// .ci/run provides a real Secret Service; there a missing keyring is a failure, not a skip.
if (keyringMissing && process.env.AUTHUI_REQUIRE_KEYRING === '1') throw new Error(`AUTHUI_REQUIRE_KEYRING=1 but the system keyring is unavailable: ${keyringMissing}`);
// A service of its own per run, so tests never see (or remove) real authui entries.
const testService = `authui-test-${process.pid}-${randomBytes(3).toString('hex')}`;

interface Backend {
  name: string;
  skip?: string;
  make(): Promise<CredentialStore>;
}

const backends: Backend[] = [
  { name: 'memory', make: async () => new MemoryStore() },
  {
    name: 'file (machine key)',
    make: async () => {
      const dir = tempDir();
      return new FileStore({ path: join(dir, 'store.enc'), locksDir: join(dir, 'locks'), clock: systemClock, onWarning: () => {} });
    },
  },
  {
    name: 'file (password)',
    make: async () => {
      const dir = tempDir();
      return new FileStore({ path: join(dir, 'store.enc'), locksDir: join(dir, 'locks'), password: 'correct horse battery', clock: systemClock, onWarning: () => {} });
    },
  },
  {
    name: 'system keyring',
    skip: keyringMissing,
    make: async () => {
      const store = new SystemStore(testService);
      for (const name of await store.list()) await store.delete(name);
      return store;
    },
  },
];

for (const backend of backends) {
  const title = backend.skip ? `${backend.name} store (skipped: ${backend.skip})` : `${backend.name} store`;
  describe.skipIf(backend.skip !== undefined)(title, () => {
    it('sets, gets, lists and deletes', async () => {
      const store = await backend.make();
      expect(await store.get('identity:dev/session')).toBeUndefined();
      await store.set('identity:dev/session', 'one');
      await store.set('identity:dev/long-term', 'two');
      expect(await store.get('identity:dev/session')).toBe('one');
      expect((await store.list()).sort()).toEqual(['identity:dev/long-term', 'identity:dev/session']);
      expect(await store.delete('identity:dev/session')).toBe(true);
      expect(await store.get('identity:dev/session')).toBeUndefined();
      expect(await store.list()).toEqual(['identity:dev/long-term']);
      await store.delete('identity:dev/long-term');
    });

    it('overwrites an entry', async () => {
      const store = await backend.make();
      await store.set('k', 'first');
      await store.set('k', 'second');
      expect(await store.get('k')).toBe('second');
      expect(await store.list()).toEqual(['k']);
      await store.delete('k');
    });

    it('reports a missing entry without failing', async () => {
      const store = await backend.make();
      expect(await store.get('never-written')).toBeUndefined();
      expect(await store.delete('never-written')).toBe(false);
    });

    it('keeps unicode names and values', async () => {
      const store = await backend.make();
      const name = 'identity:équipe/データ.prod 🚀';
      await store.set(name, 'pässwörd ✓ 秘密');
      expect(await store.get(name)).toBe('pässwörd ✓ 秘密');
      expect(await store.list()).toContain(name);
      await store.delete(name);
    });

    it('round-trips a 64 KiB value', async () => {
      const store = await backend.make();
      const value = randomBytes(48 * 1024).toString('base64'); // 64 KiB of text
      expect(value.length).toBe(65536);
      await store.set('big', value);
      expect(await store.get('big')).toBe(value);
      await store.delete('big');
    });

    it('loses no write when writers race', async () => {
      const store = await backend.make();
      const names = Array.from({ length: 12 }, (_, i) => `race-${i}`);
      await Promise.all(names.map((n) => store.set(n, `value-${n}`)));
      expect((await store.list()).sort()).toEqual([...names].sort());
      for (const n of names) expect(await store.get(n)).toBe(`value-${n}`);
      await Promise.all(names.map((n) => store.delete(n)));
      expect(await store.list()).toEqual([]);
    });
  });
}
