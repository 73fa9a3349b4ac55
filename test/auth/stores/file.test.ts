import { chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/auth/clock.js';
import { AuthError } from '../../../src/auth/errors.js';
import { FileStore } from '../../../src/auth/stores/file.js';
import { tempDir } from '../../helpers/tmp.js';

const CANARY = 'CANARY-SECRET-9f8e7d6c5b4a';

function make(dir: string, password?: string) {
  const warnings: string[] = [];
  const store = new FileStore({
    path: join(dir, 'store.enc'),
    locksDir: join(dir, 'locks'),
    password,
    clock: systemClock,
    onWarning: (m) => warnings.push(m),
  });
  return { store, warnings, path: join(dir, 'store.enc') };
}

describe('encrypted file store', () => {
  it.skipIf(process.platform !== 'linux')('a write that fails is file_permission with the fix', async () => {
    // /proc takes no new files, whoever asks (these tests run as root in CI, where chmod stops nobody).
    const store = new FileStore({
      path: '/proc/authui-test-store.enc',
      locksDir: join(tempDir(), 'locks'),
      clock: systemClock,
      onWarning: () => {},
    });
    const error = (await store.set('provider:kitty/session', CANARY).catch((e: unknown) => e)) as AuthError;
    expect(error).toMatchObject({ code: 'file_permission', context: { file: '/proc/authui-test-store.enc' } });
    expect(error.message).toMatch(/^Cannot write the credential file .* ENOENT$/);
    expect(error.hint).toContain('Check that /proc is a directory you own and can write to');
    expect(JSON.stringify(error)).not.toContain(CANARY);
  });

  it('a location it cannot write is file_permission with the fix, and nothing is lost', async () => {
    const dir = tempDir();
    // The store's directory is a regular file: no process (root included) can create the store there.
    writeFileSync(join(dir, 'blocked'), 'not a directory');
    const store = new FileStore({
      path: join(dir, 'blocked', 'store.enc'),
      locksDir: join(dir, 'locks'),
      clock: systemClock,
      onWarning: () => {},
    });
    const error = (await store.set('provider:kitty/session', CANARY).catch((e: unknown) => e)) as AuthError;
    expect(error).toBeInstanceOf(AuthError);
    expect(error.code).toBe('file_permission');
    expect(error.message).toMatch(/Cannot read the credential file .*ENOTDIR/);
    expect(error.hint).toContain('is not a directory: point auth.keyring.spec.path elsewhere');
    expect(JSON.stringify(error)).not.toContain(CANARY);
    expect(readFileSync(join(dir, 'blocked'), 'utf8')).toBe('not a directory');
  });

  it('writes a 0600 file that does not contain the secret in clear', async () => {
    const { store, path } = make(tempDir());
    await store.set('identity:dev/long-term', CANARY);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8')).not.toContain(CANARY);
    expect(readFileSync(path, 'utf8')).not.toContain('identity:dev');
  });

  it.each([
    ['truncated', (text: string) => text.slice(0, text.length / 2)],
    ['garbage', () => 'not json at all'],
    [
      'tampered ciphertext',
      (text: string) => text.replace(/"data":"(.)/, (_m, c: string) => `"data":"${c === 'A' ? 'B' : 'A'}`),
    ],
  ])('moves a %s file aside, reports it once, and keeps working', async (_label, damage) => {
    const dir = tempDir();
    const { store, path } = make(dir);
    await store.set('a', CANARY);
    writeFileSync(path, damage(readFileSync(path, 'utf8')), { mode: 0o600 });
    const fresh = make(dir);
    expect(await fresh.store.get('a')).toBeUndefined();
    expect(fresh.warnings).toHaveLength(1);
    expect(fresh.warnings[0]).toMatch(/moved aside to .*store\.enc\.corrupt-/);
    expect(fresh.warnings.join()).not.toContain(CANARY);
    expect(readdirSync(dir).filter((f) => f.includes('.corrupt-'))).toHaveLength(1);
    await fresh.store.set('b', 'works');
    expect(await fresh.store.get('b')).toBe('works');
  });

  it('treats a wrong password as undecryptable and keeps the old file', async () => {
    const dir = tempDir();
    await make(dir, 'first-password').store.set('a', CANARY);
    const other = make(dir, 'second-password');
    expect(await other.store.get('a')).toBeUndefined();
    expect(other.warnings[0]).toContain('AUTHUI_KEYRING_PASSWORD');
    const aside = readdirSync(dir).find((f) => f.includes('.corrupt-')) as string;
    // The moved-aside file still opens with the right password: nothing is lost.
    writeFileSync(join(dir, 'store.enc'), readFileSync(join(dir, aside)));
    expect(await make(dir, 'first-password').store.get('a')).toBe(CANARY);
  });

  it('refuses to guess when the file needs a password and none is set', async () => {
    const dir = tempDir();
    await make(dir, 'a-long-password').store.set('a', CANARY);
    const error = await make(dir)
      .store.get('a')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).hint).toContain('AUTHUI_KEYRING_PASSWORD');
    expect(existsSync(join(dir, 'store.enc'))).toBe(true);
  });

  it('rejects a password shorter than 8 characters', () => {
    expect(() => make(tempDir(), 'short')).toThrow(/shorter than 8/);
  });

  it('repairs a file readable by others, with a warning (documented)', async () => {
    const dir = tempDir();
    const { store, path } = make(dir);
    await store.set('a', 'x');
    chmodSync(path, 0o644);
    const again = make(dir);
    expect(await again.store.get('a')).toBe('x');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(again.warnings[0]).toContain('set it to 600');
  });
});
