import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { resolvePaths } from '../../../src/auth/paths.js';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/auth/clock.js';
import { openCredentialStore } from '../../../src/auth/stores/open.js';
import { isolatedEnv, tempDir } from '../../helpers/tmp.js';

const config = (type: 'system' | 'file' | 'memory') => ({ keyring: { type } });

describe('credential store opened', () => {
  it('falls back to the file store at once, with one clear line, when there is no D-Bus session', async () => {
    const env = isolatedEnv(tempDir());
    const started = performance.now();
    const opened = await openCredentialStore({
      config: config('system'),
      env,
      clock: systemClock,
      paths: resolvePaths(env),
    });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(opened.store.backend).toBe('file');
    expect(opened.fallbackReason).toMatch(
      /^System keyring unavailable: no D-Bus session.*encrypted file store at .*store\.enc/,
    );
    expect(opened.fallbackReason?.split('\n')).toHaveLength(1);
  });

  it('lets AUTHUI_KEYRING override the config, and rejects unknown values', async () => {
    const env = isolatedEnv(tempDir(), { AUTHUI_KEYRING: 'memory' });
    expect(
      (await openCredentialStore({ config: config('file'), env, clock: systemClock, paths: resolvePaths(env) })).store
        .backend,
    ).toBe('memory');
    await expect(
      openCredentialStore({
        config: config('file'),
        env: { ...env, AUTHUI_KEYRING: 'vault' },
        clock: systemClock,
        paths: resolvePaths({ ...env, AUTHUI_KEYRING: 'vault' }),
      }),
    ).rejects.toThrow(/not a credential backend/);
  });
});

describe('remembered keyring probe', () => {
  const memo = (env: Record<string, string | undefined>, bus: string | null, at: number) => {
    const dir = join(env.XDG_CACHE_HOME as string, 'authui');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'keyring-probe.json'), JSON.stringify({ bus, platform: process.platform, at }));
    return join(dir, 'keyring-probe.json');
  };

  it('uses a recent healthy probe of the same D-Bus session without probing again', async () => {
    const env = isolatedEnv(tempDir(), { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/run/user/1000/bus' });
    memo(env, 'unix:path=/run/user/1000/bus', Date.now() - 60_000);
    const opened = await openCredentialStore({
      config: config('system'),
      env,
      clock: systemClock,
      paths: resolvePaths(env),
    });
    expect(opened.store.backend).toBe('system');
    expect(opened.fallbackReason).toBeUndefined();
  });

  it('ignores a stale probe or one from another session, and forgets it when the probe fails', async () => {
    const env = isolatedEnv(tempDir());
    const path = memo(env, null, Date.now() - 11 * 60_000);
    expect(
      (await openCredentialStore({ config: config('system'), env, clock: systemClock, paths: resolvePaths(env) })).store
        .backend,
    ).toBe('file');
    expect(existsSync(path)).toBe(false);
    memo(env, 'unix:path=/other/bus', Date.now());
    expect(
      (await openCredentialStore({ config: config('system'), env, clock: systemClock, paths: resolvePaths(env) })).store
        .backend,
    ).toBe('file');
  });
});

describe('file store location', () => {
  it('expands ~ in auth.keyring.spec.path and rejects a path with a line break', async () => {
    const env = isolatedEnv(tempDir());
    const opened = await openCredentialStore({
      config: { keyring: { type: 'file', path: '~/vault/authui.enc' } },
      env,
      clock: systemClock,
      paths: resolvePaths(env),
    });
    expect(opened.store.location).toBe(join(env.HOME as string, 'vault/authui.enc'));
    const withPath = (path: string) =>
      openCredentialStore({
        config: { keyring: { type: 'file', path } },
        env,
        clock: systemClock,
        paths: resolvePaths(env),
      });
    await expect(withPath('a\nb')).rejects.toThrow(/NUL or line break/);
    await expect(withPath('  ')).rejects.toThrow(/is empty/);
  });
});
