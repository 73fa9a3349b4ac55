// One behaviour, three backends. The system backend runs against a real Secret Service
// (gnome-keyring under dbus-run-session in CI); without one it is reported as skipped.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BACKENDS, backendTitle } from '../../helpers/backends.js';

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(backendTitle(backend), () => {
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
