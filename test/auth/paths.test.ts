// Where authui keeps things (src/auth/paths.ts), worked out once per run from the environment.
import fc from 'fast-check';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isNamedPipe, resolvePaths, type Env } from '../../src/auth/paths.js';

/** The answer worked out from the spec, without resolvePaths. */
function expected(env: Env) {
  const home = env.HOME as string;
  const base = (variable: string, fallback: string) => {
    const value = env[variable];
    return value && value.startsWith('/') ? join(value) : join(home, fallback);
  };
  return {
    configDir: join(base('XDG_CONFIG_HOME', '.config'), 'authui'),
    stateDir: join(base('XDG_STATE_HOME', '.local/state'), 'authui'),
    cacheDir: join(base('XDG_CACHE_HOME', '.cache'), 'authui'),
    dataDir: join(base('XDG_DATA_HOME', '.local/share'), 'authui'),
    sessionIndex: join(base('XDG_STATE_HOME', '.local/state'), 'authui', 'sessions.json'),
    fileStore: join(base('XDG_DATA_HOME', '.local/share'), 'authui', 'store.enc'),
  };
}

describe('resolvePaths', () => {
  it('follows XDG: absolute values are used, relative ones ignored, HOME otherwise', () => {
    const paths = resolvePaths({ HOME: '/home/ada', XDG_STATE_HOME: '/var/tmp/state', XDG_CACHE_HOME: 'rel/cache' });
    expect(paths.configDir).toBe('/home/ada/.config/authui');
    expect(paths.stateDir).toBe('/var/tmp/state/authui');
    expect(paths.cacheDir).toBe('/home/ada/.cache/authui');
    expect(paths.sessionIndex).toBe('/var/tmp/state/authui/sessions.json');
    expect(paths.fileStore).toBe('/home/ada/.local/share/authui/store.enc');
  });

  it('answers every environment by the XDG rules', () => {
    const value = fc.option(fc.constantFrom('/', '//', '/a', '/a/b', '/a//b/', '/a/./b/../c', 'rel', '/tmp/x y', ''), {
      nil: undefined,
    });
    const env = fc.record({
      HOME: fc.constantFrom('/home/ada', '/home/bob/', '/root', '/'),
      XDG_CONFIG_HOME: value,
      XDG_STATE_HOME: value,
      XDG_CACHE_HOME: value,
      XDG_DATA_HOME: value,
    });
    fc.assert(
      fc.property(fc.array(env, { minLength: 1, maxLength: 8 }), (envs) => {
        for (const e of envs) expect(resolvePaths(e)).toMatchObject(expected(e));
      }),
    );
  });

  it('keeps what lives no longer than a login session in the runtime directory when there is one', () => {
    const withRuntime = resolvePaths({ HOME: '/home/ada', XDG_RUNTIME_DIR: '/run/user/1000' });
    expect(withRuntime.sessionCachePads).toBe('/run/user/1000/authui/session-pads');
    expect(withRuntime.brokerSocket).toBe('/run/user/1000/authui/broker.sock');
    // The sealed cache files are never beside their pads.
    expect(withRuntime.sessionCache).toBe('/home/ada/.local/state/authui/session-cache');
    // Without one (or with a relative one, which the XDG spec says to ignore): memory all the same.
    for (const runtime of [undefined, 'run/user/1000']) {
      const without = resolvePaths({ HOME: '/home/ada', XDG_RUNTIME_DIR: runtime }, 'linux');
      expect(without.sessionCachePads).toMatch(/^\/dev\/shm\/authui-[0-9a-f]{8}\/session-pads$/);
      expect(without.brokerSocket).toMatch(/^\/dev\/shm\/authui-[0-9a-f]{8}\/broker\.sock$/);
    }
    // And where nothing stands in for one: the broker in the state directory, no pads (AES).
    const bare = resolvePaths({ HOME: '/home/ada' }, 'freebsd');
    expect(bare.brokerSocket).toBe('/home/ada/.local/state/authui/broker.sock');
    expect(bare.sessionCachePads).toBeUndefined();
    expect(Object.isFrozen(withRuntime)).toBe(true);
  });

  it('without a runtime directory: memory stands in on Linux, the per-user temporary directory on macOS, nothing elsewhere', () => {
    const standIn = (env: Env, platform: NodeJS.Platform) => {
      const paths = resolvePaths({ HOME: '/home/ada', ...env }, platform);
      const dir = paths.sessionCachePads?.replace(/\/session-pads$/, '');
      // The broker's socket beside the pads, in the same directory.
      if (dir !== undefined) expect(paths.brokerSocket).toBe(`${dir}/broker.sock`);
      return dir;
    };
    const linux = standIn({}, 'linux');
    expect(linux).toMatch(/^\/dev\/shm\/authui-[0-9a-f]{8}$/);
    // /dev/shm is every user's: one directory per user and state directory, never another's.
    expect(standIn({ XDG_STATE_HOME: '/elsewhere' }, 'linux')).not.toBe(linux);
    expect(standIn({}, 'linux')).toBe(linux);
    // Not beside the sealed files, whatever the state directory.
    expect(standIn({ XDG_STATE_HOME: '/dev/shm' }, 'linux')).toMatch(/^\/dev\/shm\/authui-[0-9a-f]{8}$/);
    const darwinTmp = '/var/folders/x1/abc_123/T/';
    expect(standIn({ TMPDIR: darwinTmp }, 'darwin')).toMatch(/^\/var\/folders\/x1\/abc_123\/T\/authui-[0-9a-f]{8}$/);
    expect(standIn({ TMPDIR: 'relative/T' }, 'darwin')).toBeUndefined();
    expect(standIn({}, 'darwin')).toBeUndefined();
    expect(standIn({}, 'freebsd')).toBeUndefined();
    // A runtime directory, where a user has one, comes first everywhere.
    expect(standIn({ TMPDIR: darwinTmp, XDG_RUNTIME_DIR: '/run/user/501' }, 'darwin')).toBe('/run/user/501/authui');
  });
});

describe('paths on Windows (path.win32, a simulated platform)', () => {
  const env = { USERPROFILE: 'C:\\Users\\ada', USERNAME: 'ada' };

  it("the same XDG rules with Windows' syntax under the profile; the broker on a named pipe per user and state dir", () => {
    const paths = resolvePaths(env, 'win32');
    expect(paths.configDir).toBe('C:\\Users\\ada\\.config\\authui');
    expect(paths.stateDir).toBe('C:\\Users\\ada\\.local\\state\\authui');
    expect(paths.fileStore).toBe('C:\\Users\\ada\\.local\\share\\authui\\store.enc');
    expect(paths.sessionCachePads).toBeUndefined(); // no runtime directory, no %TEMP%: the AES-sealed cache
    const temp = 'C:\\Users\\ada\\AppData\\Local\\Temp';
    const pads = resolvePaths({ ...env, TEMP: temp }, 'win32').sessionCachePads;
    expect(pads).toMatch(/^C:\\Users\\ada\\AppData\\Local\\Temp\\authui-[0-9a-f]{8}\\session-pads$/);
    expect(resolvePaths({ ...env, TEMP: temp, USERNAME: 'bob' }, 'win32').sessionCachePads).not.toBe(pads);
    expect(resolvePaths({ ...env, TEMP: 'Temp' }, 'win32').sessionCachePads).toBeUndefined();
    expect(paths.brokerSocket).toMatch(/^\\\\\.\\pipe\\authui-broker-[0-9a-f]{8}$/);
    expect(isNamedPipe(paths.brokerSocket)).toBe(true);
    expect(resolvePaths({ ...env, USERNAME: 'bob' }, 'win32').brokerSocket).not.toBe(paths.brokerSocket);
    expect(resolvePaths({ ...env, XDG_STATE_HOME: 'D:\\state' }, 'win32').brokerSocket).not.toBe(paths.brokerSocket);
    expect(resolvePaths(env, 'win32').brokerSocket).toBe(paths.brokerSocket); // stable
  });

  it('takes absolute Windows XDG values (drive or UNC) and ignores relative ones', () => {
    expect(resolvePaths({ ...env, XDG_CONFIG_HOME: 'D:\\cfg' }, 'win32').configDir).toBe('D:\\cfg\\authui');
    expect(resolvePaths({ ...env, XDG_CACHE_HOME: '\\\\server\\share\\c' }, 'win32').cacheDir).toBe(
      '\\\\server\\share\\c\\authui',
    );
    expect(resolvePaths({ ...env, XDG_CONFIG_HOME: 'cfg' }, 'win32').configDir).toBe('C:\\Users\\ada\\.config\\authui');
    // And a POSIX machine never takes the pipe or backslashes.
    expect(isNamedPipe(resolvePaths({ HOME: '/home/ada' }, 'linux').brokerSocket)).toBe(false);
  });
});
