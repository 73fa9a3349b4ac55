// Windows Credential Manager keeps at most 2,560 bytes per secret; a large OIDC session (tokens,
// refresh token, DPoP key) is kept in parts there. The same code runs here against the real
// Secret Service with the limit given, so a 10 kB session goes through it for real.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SystemStore } from '../../../src/auth/stores/system.js';
import { backendTitle, BACKENDS, testService } from '../../helpers/backends.js';

/** The keyring's entries as they are, parts and all (the library itself, not the store). */
function rawEntries(service: string) {
  const entry = async (name: string) =>
    new (await import('@napi-rs/keyring')).AsyncEntry(service, name, { linux: { store: 'secret-service' } });
  return {
    get: async (name: string) => (await (await entry(name)).getPassword()) ?? undefined,
    delete: async (name: string) => (await entry(name)).deleteCredential(),
  };
}

const system = BACKENDS.find((b) => b.name === 'system keyring');

describe.skipIf(system?.skip !== undefined)(
  `${backendTitle(
    system ?? {
      name: 'system keyring',
      make: async () => {
        throw new Error();
      },
    },
  )}: values over the platform's limit`,
  () => {
    it('keeps a 10 kB session in parts, reads it back whole, lists one entry, and leaves no part behind', async () => {
      const service = testService();
      const limited = new SystemStore(service, undefined, 1_200);
      const session = JSON.stringify({
        accessToken: randomBytes(4000).toString('base64url'),
        refreshToken: randomBytes(2000).toString('base64url'),
        dpop: randomBytes(1500).toString('base64url'),
        note: 'ünïcödé 秘密 🚀'.repeat(40), // characters of two UTF-16 units on the cut
      });
      expect(session.length).toBeGreaterThan(10_000);
      await limited.set('provider:corp/session', session);
      expect(await limited.get('provider:corp/session')).toBe(session);
      expect(await limited.list()).toEqual(['provider:corp/session']);
      // What the platform sees: no entry over the limit, the parts named beside it.
      const raw = rawEntries(service);
      const head = (await raw.get('provider:corp/session')) as string;
      expect(head.length < 100 && /^authui-parts:v1:\d+$/.test(head)).toBe(true);
      const count = Number(head.split(':').pop());
      for (let i = 1; i <= count; i++)
        expect(((await raw.get(`provider:corp/session#part-${i}`)) as string).length).toBeLessThanOrEqual(1_200);
      // Smaller again: one entry, the parts removed.
      await limited.set('provider:corp/session', 'small');
      expect(await limited.get('provider:corp/session')).toBe('small');
      expect(await raw.get('provider:corp/session#part-1')).toBeUndefined();
      await limited.set('provider:corp/session', session);
      expect(await limited.delete('provider:corp/session')).toBe(true);
      for (let i = 1; i <= count; i++) expect(await raw.get(`provider:corp/session#part-${i}`)).toBeUndefined();
      expect(await limited.get('provider:corp/session')).toBeUndefined();
    });

    it('a part gone leaves no value rather than a wrong one', async () => {
      const service = testService();
      const limited = new SystemStore(service, undefined, 100);
      await limited.set('k', 'x'.repeat(350));
      await rawEntries(service).delete('k#part-2');
      expect(await limited.get('k')).toBeUndefined();
      await limited.delete('k');
    });
  },
);
