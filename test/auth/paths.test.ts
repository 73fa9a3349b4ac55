// Where authui keeps things (src/auth/paths.ts). resolvePaths keeps its last answer; these check
// that the answer always follows the environment it is asked for, never a previous one.
import fc from 'fast-check';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolvePaths, type Env } from '../../src/auth/paths.js';

const VARIABLES = ['HOME', 'XDG_CONFIG_HOME', 'XDG_STATE_HOME', 'XDG_CACHE_HOME', 'XDG_DATA_HOME'] as const;

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

  it('answers every environment in any order as if asked for the first time', () => {
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

  it('a changed variable in the same object is seen, and the answer cannot be changed by a caller', () => {
    const env: Record<string, string> = { HOME: '/home/ada' };
    const first = resolvePaths(env);
    expect(resolvePaths(env)).toBe(first);
    for (const variable of VARIABLES.slice(1)) {
      env[variable] = `/x/${variable}`;
      expect(resolvePaths(env)).toMatchObject(expected(env));
    }
    expect(Object.isFrozen(resolvePaths(env))).toBe(true);
  });
});
