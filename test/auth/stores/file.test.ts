import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
  ])(
    'moves a %s file aside, fails that call, and keeps saying so until the file is dealt with',
    async (_label, damage) => {
      const dir = tempDir();
      const { store, path } = make(dir);
      await store.set('a', CANARY);
      writeFileSync(path, damage(readFileSync(path, 'utf8')), { mode: 0o600 });
      const moved: string[] = [];
      const fresh = make(dir);
      const withAudit = new FileStore({
        path,
        locksDir: join(dir, 'locks'),
        clock: systemClock,
        onWarning: () => {},
        onMovedAside: (m) => moved.push(m),
      });
      const error = (await withAudit.get('a').catch((e: unknown) => e)) as AuthError;
      expect(error).toMatchObject({ code: 'keyring_unavailable' });
      expect(error.message).toMatch(
        /moved aside to .*store\.enc\.corrupt-.* because it is not a valid authui store file/,
      );
      expect(moved).toEqual([error.message]);
      expect(JSON.stringify(error)).not.toContain(CANARY);
      const aside = readdirSync(dir).filter((f) => f.includes('.corrupt-'));
      expect(aside).toHaveLength(1);
      // Later calls continue with an empty store, and every later store still knows.
      expect(await fresh.store.get('a')).toBeUndefined();
      await fresh.store.set('b', 'works');
      expect(await make(dir).store.get('b')).toBe('works');
      const notice = make(dir).store.movedAside();
      expect(notice?.message).toContain(join(dir, aside[0] as string));
      expect(notice?.at).toBeLessThanOrEqual(Date.now());
      // Deleting the moved file ends the message, not the notice: those sessions stay gone.
      rmSync(join(dir, aside[0] as string));
      expect(make(dir).store.movedAside()).toEqual({ at: notice?.at });
      expect(existsSync(`${path}.moved-aside.json`)).toBe(true);
    },
  );

  it('refuses a file it cannot decrypt (tampered) and leaves it in place', async () => {
    const dir = tempDir();
    const { store, path } = make(dir);
    await store.set('a', CANARY);
    const tampered = readFileSync(path, 'utf8').replace(
      /"data":"(.)/,
      (_m, c: string) => `"data":"${c === 'A' ? 'B' : 'A'}`,
    );
    writeFileSync(path, tampered, { mode: 0o600 });
    const error = (await make(dir)
      .store.get('a')
      .catch((e: unknown) => e)) as AuthError;
    expect(error).toMatchObject({ code: 'keyring_unavailable' });
    expect(error.message).toContain('(the store was not changed)');
    expect(readFileSync(path, 'utf8')).toBe(tampered);
    expect(readdirSync(dir).filter((f) => f.includes('.corrupt-'))).toHaveLength(0);
  });

  it('a wrong password changes nothing: no write, no move, and the right password still opens it', async () => {
    const dir = tempDir();
    await make(dir, 'first-password').store.set('a', CANARY);
    const before = readFileSync(join(dir, 'store.enc'), 'utf8');
    const other = make(dir, 'second-password');
    for (const attempt of [
      () => other.store.get('a'),
      () => other.store.set('b', 'x'),
      () => other.store.delete('a'),
    ]) {
      const error = (await attempt().catch((e: unknown) => e)) as AuthError;
      expect(error).toMatchObject({ code: 'keyring_unavailable' });
      expect(error.message).toMatch(
        /with the password in AUTHUI_KEYRING_PASSWORD: wrong password\? \(the store was not changed\)$/,
      );
    }
    expect(readFileSync(join(dir, 'store.enc'), 'utf8')).toBe(before);
    expect(readdirSync(dir).filter((f) => f.includes('.corrupt-'))).toHaveLength(0);
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
